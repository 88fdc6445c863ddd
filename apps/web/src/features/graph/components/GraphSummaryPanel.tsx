import { formatDuration } from '../urlState.ts';
import { formatBytesPerSecond, formatPercent, formatRate } from '../model/format.ts';
import { graphSummary, type NodeShape } from '../model/graphView.ts';
import type { SidePanelProps } from './SidePanel.tsx';
import { HealthBadge } from './HealthBadge.tsx';
import { ShapeIcon } from './Legend.tsx';

const SHAPE_NAMES: Record<NodeShape, [string, string]> = {
  app: ['app', 'apps'],
  workload: ['workload', 'workloads'],
  service: ['service', 'services'],
  serviceentry: ['service entry', 'service entries'],
  gateway: ['gateway', 'gateways'],
  unknown: ['unknown caller', 'unknown callers'],
  namespace: ['namespace', 'namespaces'],
};

/**
 * The mesh-wide policy, not the traffic: with no STRICT PeerAuthentication ("not enabled") sidecars
 * still use mutual TLS between themselves (auto mTLS), which the mTLS share of traffic shows.
 */
const MESH_TLS_TEXT = {
  ENABLED: 'Strict (enforced)',
  PARTIALLY_ENABLED: 'Partly enforced',
  NOT_ENABLED: 'Permissive',
  DISABLED: 'Disabled',
} as const;

export function GraphSummaryPanel({
  graph,
  view,
  state,
  palette,
  meshTls,
  onSelect,
  missing,
}: SidePanelProps & { missing: string | undefined }) {
  const s = graphSummary(view);
  const when = graph.timestamp ? new Date(graph.timestamp * 1000).toLocaleString() : '';
  return (
    <div className="details">
      <header className="details__header">
        <p className="details__kicker">Graph</p>
        <h2 className="details__title">{state.namespaces.join(', ')}</h2>
        <p className="details__subtitle">
          Last {formatDuration(graph.duration)} {state.queryTime ? `ending ${when}` : `· ${when}`}
        </p>
      </header>
      {missing && (
        <p className="details__note" role="status">
          The selected element is not in the graph now (no traffic, or hidden).
        </p>
      )}
      <dl className="stats">
        <Stat label="Incoming requests" value={`${formatRate(s.ingressRate)} rps`} />
        <Stat
          label="Unhealthy nodes"
          value={String(s.unhealthy.length)}
          tone={
            s.unhealthy.some((n) => n.health === 'failure') ? 'bad' : s.unhealthy.length ? 'warn' : undefined
          }
        />
        <Stat
          label="Errors"
          value={formatPercent(s.errorPercent)}
          tone={s.errorPercent >= 5 ? 'bad' : s.errorPercent > 0 ? 'warn' : undefined}
        />
        <Stat
          label="mTLS"
          value={s.mtlsPercent === undefined ? '—' : formatPercent(s.mtlsPercent)}
          hint="Share of the requests on the edges of this graph sent with mutual TLS"
        />
        {s.tcpRate > 0 && <Stat label="TCP" value={formatBytesPerSecond(s.tcpRate)} />}
        {meshTls && (
          <Stat
            label="mTLS policy"
            value={MESH_TLS_TEXT[meshTls]}
            hint="The mesh-wide PeerAuthentication. Permissive: plain text is accepted too, while sidecars still talk mutual TLS to each other (the mTLS share above)."
          />
        )}
      </dl>
      <section className="details__section">
        <h3 className="details__heading">
          {s.nodes} nodes · {s.edges} edges
        </h3>
        <ul className="shape-counts">
          {(Object.keys(SHAPE_NAMES) as NodeShape[])
            .filter((shape) => s.byShape[shape])
            .map((shape) => (
              <li key={shape}>
                <ShapeIcon
                  shape={shape}
                  stroke={palette.textMuted}
                  fill="none"
                  dashed={shape === 'unknown'}
                />
                {s.byShape[shape]} {SHAPE_NAMES[shape][s.byShape[shape] === 1 ? 0 : 1]}
              </li>
            ))}
        </ul>
      </section>
      <section className="details__section">
        <h3 className="details__heading">Needs attention</h3>
        {s.unhealthy.length === 0 ? (
          <p className="muted">Every node with health data is healthy.</p>
        ) : (
          <ul className="attention">
            {s.unhealthy.map((n) => (
              <li key={n.id}>
                <button type="button" className="attention__item" onClick={() => onSelect(n.id)}>
                  <span className="attention__name">
                    {n.name}
                    {/* An app and its service share a name: say which one needs attention. */}
                    <span className="attention__kind"> {SHAPE_NAMES[n.shape][0]}</span>
                  </span>
                  <HealthBadge health={n.health} />
                  {n.healthReasons[0] && <span className="attention__reason">{n.healthReasons[0]}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {graph.errors && graph.errors.length > 0 && (
        <section className="details__section">
          <h3 className="details__heading">Incomplete data</h3>
          <ul className="plain-list">
            {graph.errors.map((e, i) => (
              <li key={i}>
                <strong>{e.source}:</strong> {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="details__hint">Click a node or an edge for its details.</p>
    </div>
  );
}

export function Stat({
  label,
  value,
  tone,
  hint,
}: {
  label: string;
  value: string;
  tone?: 'warn' | 'bad' | undefined;
  /** What the number means, as a tooltip. */
  hint?: string;
}) {
  return (
    <div className={`stat${tone ? ` stat--${tone}` : ''}`} title={hint}>
      <dt className="stat__label">{label}</dt>
      <dd className="stat__value">{value}</dd>
    </div>
  );
}
