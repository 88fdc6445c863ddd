import {
  istioResourceOf,
  type AppliedConfigRef,
  type InboundTraffic,
  type WorkloadWarning,
} from '@sextant/contracts';
import { Link } from '../../components/Link.tsx';
import { formatPercent, formatRate } from '../graph/model/format.ts';
import { istioDetailsHref } from '../istio/listUrlState.ts';

/** `key=value` chips; the full list on hover since a row shows one line. */
export function LabelChips({ labels }: { labels: Readonly<Record<string, string>> }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="muted">none</span>;
  const text = entries.map(([k, v]) => `${k}=${v}`);
  return (
    <span className="chips" title={text.join('\n')}>
      {text.map((t) => (
        <span key={t} className="chip">
          {t}
        </span>
      ))}
    </span>
  );
}

const WARNING_TEXT: Record<WorkloadWarning['code'], string> = {
  missingSidecar: 'No sidecar',
  missingApp: 'No app label',
  missingVersion: 'No version label',
  noWorkloads: 'No workloads',
};

export function Warnings({ warnings }: { warnings: readonly WorkloadWarning[] }) {
  if (warnings.length === 0) return <span className="muted">none</span>;
  const codes = [...new Set(warnings.map((w) => w.code))];
  return (
    <span className="chips" title={warnings.map((w) => w.message).join('\n')}>
      {codes.map((c) => (
        <span key={c} className="workload-warning">
          <span aria-hidden="true">⚠</span> {WARNING_TEXT[c]}
        </span>
      ))}
    </span>
  );
}

const KIND_SHORT: Partial<Record<AppliedConfigRef['kind'], string>> = {
  VirtualService: 'VS',
  DestinationRule: 'DR',
  Gateway: 'GW',
  Sidecar: 'SC',
  PeerAuthentication: 'PA',
  AuthorizationPolicy: 'AP',
  RequestAuthentication: 'RA',
  ServiceEntry: 'SE',
};

/** Each applying object as a short link to its editor, marked when validation found something. */
export function ConfigLinks({ config }: { config: readonly AppliedConfigRef[] }) {
  if (config.length === 0) return <span className="muted">none</span>;
  return (
    <span className="chips">
      {config.map((c) => (
        <Link
          key={`${c.kind}/${c.namespace}/${c.name}`}
          className={`config-ref${c.worstSeverity ? ` config-ref--${c.worstSeverity}` : ''}`}
          href={istioDetailsHref(c.namespace, istioResourceOf(c.kind), c.name)}
          title={`${c.kind} ${c.namespace}/${c.name}${c.worstSeverity ? ` (${c.worstSeverity})` : ''}`}
        >
          {KIND_SHORT[c.kind] ?? c.kind}: {c.name}
          {c.worstSeverity && <span className="visually-hidden"> ({c.worstSeverity})</span>}
        </Link>
      ))}
    </span>
  );
}

export const formatRequestRate = (t: InboundTraffic | undefined): string =>
  t === undefined ? 'n/a' : `${formatRate(t.requestRate)} req/s`;

export const formatErrorRate = (t: InboundTraffic | undefined): string =>
  t === undefined || t.requestRate === 0 ? '–' : formatPercent(t.errorPercent);

export function ErrorRate({ traffic }: { traffic: InboundTraffic | undefined }) {
  const bad = traffic !== undefined && traffic.errorPercent > 0;
  return (
    <span className={bad ? 'error-rate error-rate--bad' : 'error-rate'}>{formatErrorRate(traffic)}</span>
  );
}
