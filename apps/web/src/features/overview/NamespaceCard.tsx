import type { NamespaceOverview } from '@sextant/contracts';
import { Link } from '../../components/Link.tsx';
import { HealthPill } from './HealthPill.tsx';
import {
  countsInWords,
  formatErrorPercent,
  formatRate,
  MTLS_WORDS,
  namespaceLinks,
} from './overviewFormat.ts';
import { TrafficSparkline } from './TrafficSparkline.tsx';

interface Props {
  ns: NamespaceOverview;
  /** The sparklines' window (unix seconds). */
  start: number;
  end: number;
}

export function NamespaceCard({ ns, start, end }: Props) {
  const links = namespaceLinks(ns.name);
  const headingId = `ov-card-${ns.name}`;
  return (
    <article className={`ov-card ov-card--${ns.health}`} aria-labelledby={headingId} data-namespace={ns.name}>
      <header className="ov-card__header">
        <h2 id={headingId} className="ov-card__name">
          <Link href={links.graph} title={`Traffic graph of ${ns.name}`}>
            {ns.name}
          </Link>
        </h2>
        <HealthPill health={ns.health} />
      </header>
      <dl className="ov-card__facts">
        <div>
          <dt>
            <Link href={links.applications}>Apps</Link>
          </dt>
          <dd>{countsInWords(ns.apps)}</dd>
        </div>
        <div>
          <dt>
            <Link href={links.workloads}>Workloads</Link>
          </dt>
          <dd>{countsInWords(ns.workloads)}</dd>
        </div>
      </dl>
      {ns.reasons.length > 0 && (
        <ul className="ov-card__reasons" aria-label={`Why ${ns.name} is not healthy`}>
          {ns.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <div className="ov-card__traffic">
        {ns.traffic ? (
          <>
            <p className="ov-card__rates">
              <span>
                <strong>{formatRate(ns.traffic.requestRate)}</strong> req/s in
              </span>
              <span className={ns.traffic.errorPercent ? 'ov-card__errors' : undefined}>
                <strong>{formatErrorPercent(ns.traffic.errorPercent)}</strong> errors
              </span>
            </p>
            <TrafficSparkline
              requests={ns.traffic.requestSeries}
              errors={ns.traffic.errorSeries}
              start={start}
              end={end}
              label={`Inbound requests of ${ns.name} over the last ${Math.round((end - start) / 60)} minutes`}
            />
          </>
        ) : (
          <p className="muted">Traffic unknown: Prometheus did not answer.</p>
        )}
      </div>
      <footer className="ov-card__footer">
        <span className="ov-chips">
          <span className={`ov-chip${ns.istioInjection ? ' ov-chip--on' : ''}`}>
            {ns.istioInjection ? 'Sidecar injection' : 'No injection'}
          </span>
          {ns.mtls && (
            <span className={`ov-chip${ns.mtls === 'ENABLED' ? ' ov-chip--on' : ''}`}>
              {MTLS_WORDS[ns.mtls]}
            </span>
          )}
        </span>
        <ConfigSummary ns={ns} />
      </footer>
      <nav className="ov-card__links" aria-label={`Open ${ns.name}`}>
        <Link href={links.graph}>Graph</Link>
        <Link href={links.applications}>Applications</Link>
        <Link href={links.workloads}>Workloads</Link>
        <Link href={links.services}>Services</Link>
        <Link href={links.config}>Istio config</Link>
      </nav>
    </article>
  );
}

export function ConfigSummary({ ns }: { ns: NamespaceOverview }) {
  const links = namespaceLinks(ns.name);
  if (ns.config === null) return <span className="muted">Config unknown</span>;
  const { objects, errors, warnings } = ns.config;
  if (objects === 0) return <span className="muted">No Istio config</span>;
  return (
    <span className="ov-config">
      <Link href={links.config}>
        {objects} Istio object{objects === 1 ? '' : 's'}
      </Link>
      {errors > 0 && (
        <Link className="ov-config__errors" href={links.configErrors}>
          {errors} error{errors === 1 ? '' : 's'}
        </Link>
      )}
      {warnings > 0 && (
        <Link className="ov-config__warnings" href={links.config}>
          {warnings} warning{warnings === 1 ? '' : 's'}
        </Link>
      )}
      {errors === 0 && warnings === 0 && <span className="ov-config__valid">valid</span>}
    </span>
  );
}
