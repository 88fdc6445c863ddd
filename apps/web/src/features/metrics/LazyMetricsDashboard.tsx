import { lazy } from 'react';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import type { MetricsDashboardProps } from './MetricsDashboard.tsx';

// Its own chunk: uPlot is loaded by the pages that show metrics, never by the graph page.
const MetricsDashboard = lazy(() => import('./MetricsDashboard.tsx'));

/**
 * The Inbound or Outbound metrics dashboard of an app, workload or service, for any details page
 * to embed: `<LazyMetricsDashboard namespace kind name direction />`. Its view lives in the page's URL.
 */
export function LazyMetricsDashboard(props: MetricsDashboardProps) {
  return (
    <RouteBoundary subject={`${props.direction} metrics`}>
      <MetricsDashboard {...props} />
    </RouteBoundary>
  );
}
