import type { ObjectRef, Validation } from '@sextant/contracts';
import type {
  IstioObject,
  PeerAuthenticationSpec,
  ServiceInfo,
  WorkloadInfo,
} from '../cluster/clusterState.ts';
import { selectorMatches } from '../cluster/clusterState.ts';
import type { JsonRecord } from '../cluster/json.ts';
import { asArray, asRecord, asString, asStringMap } from '../cluster/json.ts';
import { hostMatches } from '../istio/hosts.ts';
import { visibleFrom, type ValidationContext } from './context.ts';
import { describeHost, finding, formatLabels, formatList } from './finding.ts';

export function validateDestinationRule(
  ref: ObjectRef,
  spec: JsonRecord,
  ctx: ValidationContext,
): Validation[] {
  const host = asString(spec.host);
  if (!host) return [];
  const pattern = ctx.qualify(host, ref.namespace);
  const wildcard = pattern.includes('*');
  const services = wildcard ? ctx.servicesMatching(pattern) : [ctx.serviceByFqdn(pattern)].filter(isDefined);
  const out: Validation[] = [];

  if (pattern !== '*' && services.length === 0 && !hasServiceEntry(pattern, ref.namespace, ctx)) {
    out.push(
      finding(
        'DR_HOST_NOT_FOUND',
        ref,
        'spec.host',
        `Host ${describeHost(host, pattern)} matches no Service or ServiceEntry visible from namespace ${ref.namespace}: the rule has no effect`,
      ),
    );
  }

  const subsets = asArray(spec.subsets).map(asRecord);
  // Subsets of a wildcard rule or of a ServiceEntry host select endpoints this model does not list.
  const service = wildcard ? undefined : services[0];
  if (service) {
    const workloads = ctx.workloadsOf(service);
    subsets.forEach((s, i) => {
      const labels = asStringMap(s.labels);
      if (Object.keys(labels).length === 0) return;
      if (workloads.some((w) => selectorMatches(labels, w.labels))) return;
      out.push(
        finding(
          'DR_SUBSET_NO_WORKLOAD',
          ref,
          `spec.subsets[${i}].labels`,
          `Subset "${asString(s.name) ?? i}": no workload of Service ${service.namespace}/${service.name} has labels ${formatLabels(labels)}`,
        ),
      );
    });
  }

  out.push(...overlappingRules(ref, pattern, subsets, ctx));
  out.push(...tlsDisabledAgainstStrict(ref, spec, services, ctx));
  return out;
}

const isDefined = <T>(x: T | undefined): x is T => x !== undefined;

function hasServiceEntry(pattern: string, namespace: string, ctx: ValidationContext): boolean {
  if (!pattern.includes('*')) return ctx.serviceEntriesFor(pattern, namespace).length > 0;
  return ctx.state.serviceEntries.some(
    (se) =>
      visibleFrom(se.exportTo, se.namespace, namespace) &&
      se.hosts.some((h) => hostMatches(pattern, h) || hostMatches(h, pattern)),
  );
}

/**
 * Two rules of one namespace for the same host: istiod merges them, and for a subset (or the
 * host-wide policy, when neither splits by subset) defined twice only one of the two wins.
 * Rules in different namespaces do not clash: the client's namespace, then the service's, then
 * the root namespace take precedence in that order.
 */
function overlappingRules(
  ref: ObjectRef,
  pattern: string,
  subsets: readonly JsonRecord[],
  ctx: ValidationContext,
): Validation[] {
  const mine = subsetKeys(subsets);
  const clashes: string[] = [];
  const shared = new Set<string>();
  for (const other of ctx.destinationRulesWithHost(pattern)) {
    if (other.namespace !== ref.namespace || other.name === ref.name) continue;
    const otherSpec = asRecord(other.spec);
    const theirs = subsetKeys(asArray(otherSpec.subsets).map(asRecord));
    const overlap =
      mine.has('*') || theirs.has('*')
        ? [...new Set([...mine, ...theirs])]
        : [...mine].filter((k) => theirs.has(k));
    if (overlap.length === 0) continue;
    clashes.push(`${other.namespace}/${other.name}`);
    for (const k of overlap) shared.add(k);
  }
  if (clashes.length === 0) return [];
  const subsetsText = [...shared].filter((k) => k !== '*');
  return [
    finding(
      'DR_MULTIPLE_FOR_HOST',
      ref,
      'spec.host',
      `DestinationRule ${formatList(clashes)} also configures host ${pattern}${
        subsetsText.length ? ` (subsets ${formatList(subsetsText)})` : ''
      }: only one of them takes effect`,
    ),
  ];
}

/** The subset names a rule defines, or `*` when it configures the host as a whole. */
function subsetKeys(subsets: readonly JsonRecord[]): Set<string> {
  if (subsets.length === 0) return new Set(['*']);
  return new Set(subsets.map((s, i) => asString(s.name) ?? `#${i}`));
}

interface TlsSetting {
  path: string;
  mode: string | undefined;
  /** Subset labels narrowing the workloads the setting applies to. */
  labels?: Record<string, string>;
}

function tlsSettings(spec: JsonRecord): TlsSetting[] {
  const fromPolicy = (policy: JsonRecord, path: string, labels?: Record<string, string>): TlsSetting[] => [
    { path: `${path}.tls.mode`, mode: asString(asRecord(policy.tls).mode), ...(labels ? { labels } : {}) },
    ...asArray(policy.portLevelSettings).map((p, j) => ({
      path: `${path}.portLevelSettings[${j}].tls.mode`,
      mode: asString(asRecord(asRecord(p).tls).mode),
      ...(labels ? { labels } : {}),
    })),
  ];
  return [
    ...fromPolicy(asRecord(spec.trafficPolicy), 'spec.trafficPolicy'),
    ...asArray(spec.subsets).flatMap((s, i) => {
      const subset = asRecord(s);
      return fromPolicy(
        asRecord(subset.trafficPolicy),
        `spec.subsets[${i}].trafficPolicy`,
        asStringMap(subset.labels),
      );
    }),
  ];
}

/** Plaintext from clients (DISABLE) against servers that only accept mTLS (STRICT): every request fails. */
function tlsDisabledAgainstStrict(
  ref: ObjectRef,
  spec: JsonRecord,
  services: readonly ServiceInfo[],
  ctx: ValidationContext,
): Validation[] {
  const disabled = tlsSettings(spec).filter((t) => t.mode === 'DISABLE');
  if (disabled.length === 0) return [];
  const targets = services.flatMap((s) => ctx.workloadsOf(s)).filter((w) => w.hasSidecar);
  return disabled.flatMap((setting) => {
    const labels = setting.labels && Object.keys(setting.labels).length ? setting.labels : undefined;
    const strict = new Map<string, WorkloadInfo[]>();
    for (const w of targets) {
      if (labels && !selectorMatches(labels, w.labels)) continue;
      const peer = effectivePeerMode(w, ctx);
      if (peer?.mode !== 'STRICT') continue;
      const key = `${peer.source.namespace}/${peer.source.name}`;
      strict.set(key, [...(strict.get(key) ?? []), w]);
    }
    return [...strict].map(([policy, workloads]) =>
      finding(
        'DR_TLS_DISABLE_WITH_STRICT',
        ref,
        setting.path,
        `Clients are told to send plaintext, but PeerAuthentication ${policy} requires mTLS (STRICT) for ${formatList(
          workloads.map((w) => `${w.namespace}/${w.name}`),
        )}: their requests will be refused`,
      ),
    );
  });
}

type PeerPolicy = IstioObject<PeerAuthenticationSpec>;

/** The PeerAuthentication mode in force for a workload: its own policy, else its namespace's, else the mesh's. */
export function effectivePeerMode(
  w: WorkloadInfo,
  ctx: ValidationContext,
): { mode: string; source: PeerPolicy } | undefined {
  const policies = ctx.state.peerAuthentications;
  const scopes: PeerPolicy[][] = [
    policies.filter(
      (p) => p.namespace === w.namespace && hasSelector(p) && selectorMatches(matchLabels(p), w.labels),
    ),
    policies.filter((p) => p.namespace === w.namespace && !hasSelector(p)),
    policies.filter((p) => p.namespace === ctx.rootNamespace && !hasSelector(p)),
  ];
  for (const scope of scopes) {
    const winner = oldest(scope);
    const mode = winner && asString(asRecord(asRecord(winner.spec).mtls).mode);
    // UNSET (or no mode) inherits from the next scope up.
    if (winner && mode && mode !== 'UNSET') return { mode, source: winner };
  }
  return undefined;
}

const matchLabels = (p: PeerPolicy): Record<string, string> =>
  asStringMap(asRecord(asRecord(p.spec).selector).matchLabels);
const hasSelector = (p: PeerPolicy): boolean => Object.keys(matchLabels(p)).length > 0;

/** istiod lets the oldest of conflicting policies win (then the name, for a stable order). */
function oldest<T extends IstioObject<unknown>>(list: readonly T[]): T | undefined {
  return [...list].sort(
    (a, b) => (a.created ?? '').localeCompare(b.created ?? '') || a.name.localeCompare(b.name),
  )[0];
}
