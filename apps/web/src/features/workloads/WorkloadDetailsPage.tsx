import { useSuspenseQuery } from '@tanstack/react-query';
import { workloadDetailsQuery } from '../../api/workloads.ts';
import { Link } from '../../components/Link.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { serviceDetailsHref } from '../services/servicesUrlState.ts';
import { AppliedConfigTable } from './AppliedConfigTable.tsx';
import { LabelChips, formatErrorRate, formatRequestRate } from './cells.tsx';
import { DetailsTabs } from './DetailsTabs.tsx';
import { HealthStatusBadge } from './HealthStatusBadge.tsx';
import { PodsTable } from './PodsTable.tsx';
import { TrafficSection } from './TrafficSection.tsx';
import {
  appDetailsHref,
  decodeDetailsTab,
  workloadDetailsHref,
  type DetailsTab,
} from './workloadsUrlState.ts';
import './workloads.css';
import { DetailsPageShell } from './DetailsPageShell.tsx';
import { LazyMetricsDashboard } from '../metrics/LazyMetricsDashboard.tsx';
import { WorkloadLogs } from '../logs/WorkloadLogs.tsx';

const TABS: readonly DetailsTab[] = ['overview', 'traffic', 'inbound-metrics', 'outbound-metrics', 'logs'];

interface Props {
  namespace: string;
  name: string;
  search: string;
}

/** `/namespaces/{ns}/workloads/{name}`: is it healthy and why, its pods, config, callers and callees. */
export function WorkloadDetailsPage({ namespace, name, search }: Props) {
  return (
    <DetailsPageShell
      kind="workloads"
      namespace={namespace}
      name={name}
      notFound={
        <>
          There is no workload {name} in namespace {namespace}.
        </>
      }
    >
      <Details namespace={namespace} name={name} tab={decodeDetailsTab(search)} />
    </DetailsPageShell>
  );
}

function Details({ namespace, name, tab }: { namespace: string; name: string; tab: DetailsTab }) {
  const query = useSuspenseQuery(workloadDetailsQuery(namespace, name));
  const { workload, pods, services, istioConfig, errors } = query.data;
  const subject = { kind: 'workload' as const, namespace, name };
  return (
    <div className="stack">
      {query.isRefetchError && (
        <StaleBanner
          updatedAt={query.dataUpdatedAt}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      )}
      {errors?.map((e) => (
        <p key={e.message} className="banner banner--stale" role="status">
          <span className="banner__text">{e.message}</span>
        </p>
      ))}
      <div className="workload-summary service-card">
        <div className="workload-summary__health">
          <span className="workload-summary__label">Health</span>
          <HealthStatusBadge health={workload.health} />
        </div>
        <dl className="kv workload-summary__facts">
          <dt>Kind</dt>
          <dd>{workload.kind}</dd>
          <dt>Pods ready</dt>
          <dd>
            {workload.readyReplicas} of {workload.replicas}
          </dd>
          <dt>Inbound</dt>
          <dd>
            {formatRequestRate(workload.traffic)}, {formatErrorRate(workload.traffic)} errors (last 2 minutes)
          </dd>
          <dt>Application</dt>
          <dd>
            {workload.app ? (
              <Link href={appDetailsHref(namespace, workload.app)}>{workload.app}</Link>
            ) : (
              <span className="muted">none (no app label)</span>
            )}
          </dd>
          <dt>Services</dt>
          <dd>
            {services.length === 0 ? (
              <span className="muted">no Service selects it</span>
            ) : (
              services.map((s, i) => (
                <span key={s.name}>
                  {i > 0 && ', '}
                  <Link href={serviceDetailsHref(s.namespace, s.name)}>{s.name}</Link>
                </span>
              ))
            )}
          </dd>
        </dl>
        {workload.warnings.length > 0 && (
          <ul className="workload-warnings" aria-label="Warnings">
            {workload.warnings.map((w) => (
              <li key={w.code}>
                <span aria-hidden="true">⚠</span> {w.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <DetailsTabs tabs={TABS} current={tab} hrefOf={(t) => workloadDetailsHref(namespace, name, t)} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="stack">
        {tab === 'overview' && (
          <>
            <h2 className="section-title">Labels</h2>
            <LabelChips labels={workload.labels} />
            <h2 className="section-title">Pods</h2>
            <PodsTable pods={pods} />
            <h2 className="section-title">Istio config</h2>
            <AppliedConfigTable config={istioConfig} />
            <h2 className="section-title">Callers and callees</h2>
            <TrafficSection subject={subject} compact />
          </>
        )}
        {tab === 'traffic' && <TrafficSection subject={subject} />}
        {tab === 'inbound-metrics' && (
          <LazyMetricsDashboard namespace={namespace} kind="workloads" name={name} direction="inbound" />
        )}
        {tab === 'outbound-metrics' && (
          <LazyMetricsDashboard namespace={namespace} kind="workloads" name={name} direction="outbound" />
        )}
        {tab === 'logs' && <WorkloadLogs namespace={namespace} workload={name} />}
      </div>
    </div>
  );
}
