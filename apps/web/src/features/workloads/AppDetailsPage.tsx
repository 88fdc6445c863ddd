import { useSuspenseQuery } from '@tanstack/react-query';
import { appDetailsQuery } from '../../api/workloads.ts';
import { Link } from '../../components/Link.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { serviceDetailsHref } from '../services/servicesUrlState.ts';
import { AppliedConfigTable } from './AppliedConfigTable.tsx';
import { LabelChips, formatErrorRate, formatRequestRate } from './cells.tsx';
import { DetailsTabs } from './DetailsTabs.tsx';
import { HealthStatusBadge } from './HealthStatusBadge.tsx';
import { PodsTable } from './PodsTable.tsx';
import { TrafficSection } from './TrafficSection.tsx';
import { LazyMetricsDashboard } from '../metrics/LazyMetricsDashboard.tsx';
import {
  appDetailsHref,
  decodeDetailsTab,
  workloadDetailsHref,
  type DetailsTab,
} from './workloadsUrlState.ts';
import './workloads.css';
import { DetailsPageShell } from './DetailsPageShell.tsx';

const TABS: readonly DetailsTab[] = ['overview', 'traffic', 'inbound-metrics', 'outbound-metrics'];

interface Props {
  namespace: string;
  name: string;
  search: string;
}

/** `/namespaces/{ns}/applications/{name}`: the app's versions, their health, pods, config and traffic. */
export function AppDetailsPage({ namespace, name, search }: Props) {
  return (
    <DetailsPageShell
      kind="applications"
      namespace={namespace}
      name={name}
      notFound={
        <>
          No workload in namespace {namespace} has the label app={name}.
        </>
      }
    >
      <Details namespace={namespace} name={name} tab={decodeDetailsTab(search)} />
    </DetailsPageShell>
  );
}

function Details({ namespace, name, tab }: { namespace: string; name: string; tab: DetailsTab }) {
  const query = useSuspenseQuery(appDetailsQuery(namespace, name));
  const { app, workloads, pods, services, istioConfig, errors } = query.data;
  const subject = { kind: 'app' as const, namespace, name };
  const current = TABS.includes(tab) ? tab : 'overview';
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
          <HealthStatusBadge health={app.health} />
        </div>
        <dl className="kv workload-summary__facts">
          <dt>Versions</dt>
          <dd>{app.versions.join(', ') || 'none'}</dd>
          <dt>Inbound</dt>
          <dd>
            {formatRequestRate(app.traffic)}, {formatErrorRate(app.traffic)} errors (last 2 minutes)
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
      </div>
      <DetailsTabs tabs={TABS} current={current} hrefOf={(t) => appDetailsHref(namespace, name, t)} />
      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} className="stack">
        {current === 'overview' && (
          <>
            <h2 className="section-title">Workloads</h2>
            <div className="table-card">
              <table className="table workload-table" aria-label="Workloads">
                <thead>
                  <tr>
                    <th scope="col">Workload</th>
                    <th scope="col">Version</th>
                    <th scope="col">Health</th>
                    <th scope="col">Pods</th>
                    <th scope="col">Requests</th>
                  </tr>
                </thead>
                <tbody>
                  {workloads.map((w) => (
                    <tr key={w.name}>
                      <th scope="row" className="table__name">
                        <Link href={workloadDetailsHref(w.namespace, w.name)}>{w.name}</Link>
                      </th>
                      <td>{w.version ?? <span className="muted">none</span>}</td>
                      <td>
                        <HealthStatusBadge health={w.health} />
                      </td>
                      <td>
                        {w.readyReplicas}/{w.replicas}
                      </td>
                      <td>{formatRequestRate(w.traffic)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h2 className="section-title">Labels shared by its workloads</h2>
            <LabelChips labels={app.labels} />
            <h2 className="section-title">Pods</h2>
            <PodsTable pods={pods} showWorkload />
            <h2 className="section-title">Istio config</h2>
            <AppliedConfigTable config={istioConfig} />
            <h2 className="section-title">Callers and callees</h2>
            <TrafficSection subject={subject} compact />
          </>
        )}
        {current === 'traffic' && <TrafficSection subject={subject} />}
        {current === 'inbound-metrics' && (
          <LazyMetricsDashboard namespace={namespace} kind="apps" name={name} direction="inbound" />
        )}
        {current === 'outbound-metrics' && (
          <LazyMetricsDashboard namespace={namespace} kind="apps" name={name} direction="outbound" />
        )}
      </div>
    </div>
  );
}
