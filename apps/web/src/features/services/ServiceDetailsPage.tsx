import type { ServiceDetails, ServiceIstioConfig } from '@sextant/contracts';
import { istioResourceOf } from '@sextant/contracts';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { useWriteAccess } from '../../api/permissions.ts';
import { serviceDetailsQuery, servicesWithHealthQuery } from '../../api/services.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from '../../components/Link.tsx';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { navigate, useLocation } from '../../lib/router.ts';
import { istioDetailsHref } from '../istio/listUrlState.ts';
import { LazyMetricsDashboard } from '../metrics/LazyMetricsDashboard.tsx';
import { ValidationBadge } from '../istio/ValidationBadge.tsx';
import { ErrorRate, Warnings, formatRequestRate } from '../workloads/cells.tsx';
import { HealthStatusBadge } from '../workloads/HealthStatusBadge.tsx';
import { TrafficSection } from '../workloads/TrafficSection.tsx';
import { workloadDetailsHref } from '../workloads/workloadsUrlState.ts';
import { serviceGraphHref, servicesListHref } from './servicesUrlState.ts';
import { SERVICE_TABS, serviceTabOf, withServiceTab } from './serviceTabs.ts';
import { existingRouting, formatPort, formatReplicas, wizardActions } from './servicesView.ts';
import './services.css';

interface Props {
  namespace: string;
  name: string;
}

/** `/namespaces/{ns}/services/{name}`: one Service, its workloads, the routing that applies, and the wizards. */
export function ServiceDetailsPage({ namespace, name }: Props) {
  const location = useLocation();
  const tab = serviceTabOf(location.search);
  return (
    <section className="page" aria-labelledby="service-heading">
      <header className="page__header">
        <p className="breadcrumb">
          <Link href={servicesListHref({ namespaces: [namespace] })}>Services</Link> / {namespace}
        </p>
        <h1 id="service-heading">{name}</h1>
      </header>
      <div className="tabs" role="tablist" aria-label="Service views">
        {SERVICE_TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            className="tabs__tab"
            aria-selected={tab === t.id}
            onClick={() => {
              const search = withServiceTab(location.search, t.id);
              navigate(`${location.pathname}${search ? `?${search}` : ''}`);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'inbound-metrics' ? (
        // A service has no proxy of its own, so no outbound traffic: only its inbound metrics.
        <LazyMetricsDashboard namespace={namespace} kind="services" name={name} direction="inbound" />
      ) : (
        <RouteBoundary
          subject={`service ${name}`}
          notFound={
            <EmptyState title="Service not found">
              There is no Service {name} in namespace {namespace}. Back to the{' '}
              <Link href={servicesListHref({ namespaces: [namespace] })}>services of {namespace}</Link>.
            </EmptyState>
          }
        >
          <Details namespace={namespace} name={name} />
        </RouteBoundary>
      )}
    </section>
  );
}

function Details({ namespace, name }: Props) {
  const query = useSuspenseQuery(serviceDetailsQuery(namespace, name));
  const details = query.data;
  return (
    <div className="stack service-details">
      {query.isRefetchError && (
        <StaleBanner
          updatedAt={query.dataUpdatedAt}
          error={query.error ?? new Error('refresh failed')}
          onRetry={() => void query.refetch()}
        />
      )}
      <Actions details={details} />
      <Overview details={details} />
      <section className="service-card" aria-labelledby="service-traffic">
        <h2 id="service-traffic" className="service-card__title">
          Callers and workloads
        </h2>
        <TrafficSection
          subject={{ kind: 'service', namespace: details.service.namespace, name: details.service.name }}
          compact
        />
      </section>
      <Routing details={details} />
      <Workloads details={details} />
    </div>
  );
}

function Actions({ details }: { details: ServiceDetails }) {
  const { namespace, name } = details.service;
  const access = useWriteAccess(namespace, 'virtualservices', 'create');
  const actions = wizardActions(namespace, name, details.versions, access);
  const reasons = [...new Set(actions.flatMap((a) => (a.reason ? [a.reason] : [])))];
  return (
    <div className="service-actions" role="group" aria-label="Actions">
      <div className="button-row">
        {actions.map((a) =>
          a.href ? (
            <Link key={a.kind} className="button button--small" href={a.href}>
              {a.label}
            </Link>
          ) : (
            <button key={a.kind} type="button" className="button button--small" disabled title={a.reason}>
              {a.label}
            </button>
          ),
        )}
        <Link
          className="button button--small service-actions__graph"
          href={serviceGraphHref(namespace, name)}
        >
          Show in graph
        </Link>
      </div>
      {reasons.length > 0 &&
        (access.allowed || access.viewOnly ? (
          <p className="muted small">{reasons.join('. ')}: the wizards route between version labels.</p>
        ) : (
          <p className="muted small">{access.reason}.</p>
        ))}
    </div>
  );
}

function Overview({ details }: { details: ServiceDetails }) {
  const s = details.service;
  const labels = Object.entries(s.labels);
  const selector = Object.entries(s.selector);
  return (
    <section className="service-card" aria-labelledby="service-overview">
      <h2 id="service-overview" className="service-card__title">
        Service
      </h2>
      <dl className="kv service-kv">
        <ServiceHealth namespace={s.namespace} name={s.name} />
        <dt>Namespace</dt>
        <dd>{s.namespace}</dd>
        {s.type && (
          <>
            <dt>Type</dt>
            <dd>{s.type}</dd>
          </>
        )}
        {s.clusterIP && (
          <>
            <dt>Cluster IP</dt>
            <dd>{s.clusterIP === 'None' ? 'None (headless)' : s.clusterIP}</dd>
          </>
        )}
        <dt>Ports</dt>
        <dd>
          {s.ports.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <span className="chips">
              {s.ports.map((p) => (
                <span key={`${p.port}/${p.protocol ?? ''}`} className="chip">
                  {formatPort(p)}
                </span>
              ))}
            </span>
          )}
        </dd>
        <dt>Selector</dt>
        <dd>
          {selector.length === 0 ? (
            <span className="muted">none: the Service selects no pods</span>
          ) : (
            <LabelChips entries={selector} />
          )}
        </dd>
        {labels.length > 0 && (
          <>
            <dt>Labels</dt>
            <dd>
              <LabelChips entries={labels} />
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

/**
 * Health and inbound traffic, as the Services list judges them (the same rows, shared with the
 * list's query): the page does not wait for Prometheus.
 */
function ServiceHealth({ namespace, name }: { namespace: string; name: string }) {
  const query = useQuery(servicesWithHealthQuery(namespace));
  const row = query.data?.find((r) => r.name === name);
  return (
    <>
      <dt>Health</dt>
      <dd>
        {row?.health ? (
          <HealthStatusBadge health={row.health} />
        ) : query.isError ? (
          <span className="muted">unavailable: {query.error.message}</span>
        ) : (
          <span className="muted">{query.isPending ? 'Loading…' : 'unknown'}</span>
        )}
      </dd>
      {row?.traffic && (
        <>
          <dt>Inbound</dt>
          <dd>
            {formatRequestRate(row.traffic)}, <ErrorRate traffic={row.traffic} /> errors
          </dd>
        </>
      )}
      {row && row.warnings.length > 0 && (
        <>
          <dt>Warnings</dt>
          <dd>
            <Warnings warnings={row.warnings} />
          </dd>
        </>
      )}
    </>
  );
}

const RELATION_TEXT: Record<ServiceIstioConfig['relation'], string> = {
  host: 'for this service',
  destination: 'routes to it',
};

function Routing({ details }: { details: ServiceDetails }) {
  const { namespace, name } = details.service;
  const existing = existingRouting(details.istioConfig);
  return (
    <section className="service-card" aria-labelledby="service-routing">
      <h2 id="service-routing" className="service-card__title">
        Routing
      </h2>
      {details.errors?.map((e) => (
        <div key={e.message} className="banner banner--stale" role="status">
          <span className="banner__icon" aria-hidden="true">
            !
          </span>
          <p className="banner__text">{e.message}</p>
        </div>
      ))}
      {details.istioConfig.length === 0 ? (
        !details.errors && (
          <p className="muted">
            No VirtualService or DestinationRule applies to {name}: requests go to all its workloads
            round-robin. Use the actions above to create routing.
          </p>
        )
      ) : (
        <>
          {existing.length > 0 && (
            <p className="small service-routing__note">
              {name} already has routing. The wizards create a new VirtualService named {name} (and the
              DestinationRule when there is none); to change what is there, open it below.
            </p>
          )}
          <table className="table table--compact" aria-label="Routing config">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Name</th>
                <th scope="col">Applies</th>
                <th scope="col">Hosts</th>
                <th scope="col">Validation</th>
              </tr>
            </thead>
            <tbody>
              {details.istioConfig.map((c) => (
                <tr key={`${c.kind}/${c.namespace}/${c.name}`}>
                  <td>{c.kind}</td>
                  <th scope="row" className="table__name">
                    <Link href={istioDetailsHref(c.namespace, istioResourceOf(c.kind), c.name)}>
                      {c.namespace === namespace ? c.name : `${c.namespace}/${c.name}`}
                    </Link>
                  </th>
                  <td>{RELATION_TEXT[c.relation]}</td>
                  <td>
                    <span className="chips">
                      {c.hosts.map((h) => (
                        <span key={h} className="chip">
                          {h}
                        </span>
                      ))}
                    </span>
                    {c.subsets.length > 0 && (
                      <div className="muted small service-routing__subsets">
                        subsets {c.subsets.join(', ')}
                      </div>
                    )}
                  </td>
                  <td>
                    <ValidationBadge validations={c.validations} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Workloads({ details }: { details: ServiceDetails }) {
  const { name } = details.service;
  return (
    <section className="service-card" aria-labelledby="service-workloads">
      <h2 id="service-workloads" className="service-card__title">
        Workloads
      </h2>
      {details.workloads.length === 0 ? (
        <p className="muted">No workload matches the selector of {name}.</p>
      ) : (
        <table className="table table--compact" aria-label="Workloads">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Labels</th>
              <th scope="col">Replicas</th>
            </tr>
          </thead>
          <tbody>
            {details.workloads.map((w) => (
              <tr key={w.name}>
                <th scope="row" className="table__name">
                  <Link href={workloadDetailsHref(details.service.namespace, w.name)}>{w.name}</Link>
                </th>
                <td>{w.kind}</td>
                <td>
                  <LabelChips entries={Object.entries(w.labels)} />
                </td>
                <td>
                  <Replicas replicas={w.replicas} ready={w.readyReplicas} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Replicas({ replicas, ready }: { replicas: number | undefined; ready: number | undefined }) {
  const short = replicas !== undefined && ready !== undefined && ready < replicas;
  return (
    <span className={short ? 'replicas replicas--short' : 'replicas'}>
      {short && (
        <span className="sev-icon" aria-hidden="true">
          !
        </span>
      )}
      {formatReplicas(replicas, ready)}
    </span>
  );
}

function LabelChips({ entries }: { entries: Array<[string, string]> }) {
  return (
    <span className="chips">
      {entries.map(([k, v]) => (
        <span key={k} className="chip">
          {k}={v}
        </span>
      ))}
    </span>
  );
}
