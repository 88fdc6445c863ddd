import type { MtlsStatus } from '@sextant/contracts';
import type {
  ClusterState,
  DestinationRuleSpec,
  IstioObject,
  PeerAuthenticationSpec,
} from '../cluster/clusterState.ts';
import { qualifyHost } from '../istio/hosts.ts';

/**
 * mTLS status of the mesh and of a namespace, from PeerAuthentication (what servers accept),
 * DestinationRule `tls.mode` (what clients send) and auto-mTLS (clients send Istio mTLS to sidecars
 * unless a DestinationRule says otherwise). Kiali's model, kept to four states:
 *
 * - ENABLED: every scope requires mTLS and clients send it.
 * - PARTIALLY_ENABLED: some scopes require or send mTLS and others do not, or server and client
 *   settings contradict each other (worth a look either way).
 * - NOT_ENABLED: nothing requires mTLS (PERMISSIVE or unset); with auto-mTLS meshed traffic is
 *   still encrypted, but plaintext is accepted.
 * - DISABLED: mTLS switched off (PeerAuthentication DISABLE, or clients told to send plaintext).
 */

type PeerMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | undefined;
/** What clients send: Istio/mutual TLS, plaintext, or no DestinationRule setting (auto-mTLS decides). */
type ClientTls = 'mutual' | 'plain' | undefined;

/** One server setting meeting one client setting. */
export function scopeStatus(server: PeerMode, client: ClientTls, autoMtls: boolean): MtlsStatus {
  // Without a DestinationRule setting, auto-mTLS sends Istio mTLS to sidecars; without auto-mTLS, plaintext.
  const sendsMutual = client === 'mutual' || (client === undefined && autoMtls);
  switch (server) {
    case 'STRICT':
      // Plaintext clients against a STRICT server fail: mTLS is not in working order.
      return sendsMutual ? 'ENABLED' : 'PARTIALLY_ENABLED';
    case 'DISABLE':
      return client === 'mutual' ? 'PARTIALLY_ENABLED' : 'DISABLED';
    case 'PERMISSIVE':
    case undefined:
      // Unset means PERMISSIVE (Istio's default): plaintext accepted, so mTLS is not enforced.
      // Only an explicit DISABLE rule switches it off; mutual TLS sent on purpose makes it partial.
      if (client === 'mutual') return 'PARTIALLY_ENABLED';
      return client === 'plain' ? 'DISABLED' : 'NOT_ENABLED';
  }
}

/** One status for several scopes: agreement keeps it; any mTLS in a mix makes it partial. */
export function mixStatuses(statuses: readonly MtlsStatus[]): MtlsStatus {
  const distinct = new Set(statuses);
  if (distinct.size === 1) return statuses[0]!;
  if (distinct.has('ENABLED') || distinct.has('PARTIALLY_ENABLED')) return 'PARTIALLY_ENABLED';
  return 'NOT_ENABLED';
}

export function meshTlsStatus(state: ClusterState): MtlsStatus {
  const ctx = context(state);
  const statuses: MtlsStatus[] = [ctx.status(ctx.meshPeer, ctx.meshClient.top)];
  for (const mode of ctx.meshClient.others) statuses.push(ctx.status(ctx.meshPeer, mode));
  const namespaces = new Set([
    ...state.namespaces.map((n) => n.name),
    ...state.peerAuthentications.map((p) => p.namespace),
  ]);
  // The root namespace too: its workload policies narrow the mesh-wide one for its own workloads.
  for (const ns of namespaces) statuses.push(...namespaceStatuses(ns, ctx));
  return mixStatuses(statuses);
}

export function namespaceTlsStatus(namespace: string, state: ClusterState): MtlsStatus {
  return mixStatuses(namespaceStatuses(namespace, context(state)));
}

interface Context {
  state: ClusterState;
  meshPeer: PeerMode;
  meshClient: ClientModes;
  status(server: PeerMode, client: ClientTls): MtlsStatus;
}

function context(state: ClusterState): Context {
  const root = state.mesh.rootNamespace;
  const domain = state.mesh.clusterDomain;
  const meshDr = oldest(
    state.destinationRules.filter(
      (d) =>
        d.namespace === root && ['*', '*.local', `*.${domain}`].includes(d.spec.host?.toLowerCase() ?? ''),
    ),
  );
  return {
    state,
    meshPeer: peerMode(
      oldest(state.peerAuthentications.filter((p) => p.namespace === root && !hasSelector(p))),
    ),
    meshClient: clientModes(meshDr?.spec),
    status: (server, client) => scopeStatus(server, client, state.mesh.autoMtls),
  };
}

/** The namespace-wide setting, then every narrower one (workload policies, ports, host rules). */
function namespaceStatuses(ns: string, ctx: Context): MtlsStatus[] {
  const { state } = ctx;
  const domain = state.mesh.clusterDomain;
  const policies = state.peerAuthentications.filter((p) => p.namespace === ns);
  const nsPeer = peerMode(oldest(policies.filter((p) => !hasSelector(p)))) ?? ctx.meshPeer;
  const nsDr = oldest(
    state.destinationRules.filter((d) => {
      const host = d.spec.host?.toLowerCase() ?? '';
      return (
        host === `*.${ns}.svc.${domain}` ||
        (d.namespace === ns && ['*', '*.local', `*.${domain}`].includes(host))
      );
    }),
  );
  const nsClient = nsDr ? clientModes(nsDr.spec) : ctx.meshClient;
  const statuses = [ctx.status(nsPeer, nsClient.top)];
  for (const mode of nsClient.others) statuses.push(ctx.status(nsPeer, mode));

  for (const p of policies.filter(hasSelector)) {
    const workloadPeer = peerMode(p) ?? nsPeer;
    statuses.push(ctx.status(workloadPeer, nsClient.top));
    for (const portMode of Object.values(p.spec.portLevelMtls ?? {})) {
      statuses.push(ctx.status(modeOf(portMode.mode) ?? workloadPeer, nsClient.top));
    }
  }

  // Rules for one service of this namespace (from any namespace): what its clients are told to send.
  const known = new Set(state.namespaces.map((n) => n.name));
  const suffix = `.${ns}.svc.${domain}`;
  for (const dr of state.destinationRules) {
    const host = dr.spec.host;
    if (!host || dr === nsDr) continue;
    const fqdn = qualifyHost(host, dr.namespace, known, domain);
    if (fqdn.startsWith('*') || !fqdn.endsWith(suffix)) continue;
    const modes = clientModes(dr.spec);
    for (const mode of [modes.top, ...modes.others])
      if (mode !== undefined) statuses.push(ctx.status(nsPeer, mode));
  }
  return statuses;
}

const hasSelector = (p: IstioObject<PeerAuthenticationSpec>): boolean =>
  Object.keys(p.spec.selector?.matchLabels ?? {}).length > 0;

/** istiod lets the oldest of conflicting policies win (then the name, for a stable order). */
function oldest<T extends IstioObject<unknown>>(list: readonly T[]): T | undefined {
  return [...list].sort(
    (a, b) => (a.created ?? '').localeCompare(b.created ?? '') || a.name.localeCompare(b.name),
  )[0];
}

const modeOf = (mode: string | undefined): PeerMode =>
  mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;

/** UNSET and a missing policy both inherit from the next scope up. */
const peerMode = (p: IstioObject<PeerAuthenticationSpec> | undefined): PeerMode => modeOf(p?.spec.mtls?.mode);

interface ClientModes {
  /** The rule's general setting. */
  top: ClientTls;
  /** Port- and subset-level settings, which narrow it. */
  others: ClientTls[];
}

interface TlsPolicyView {
  tls?: { mode?: string };
  portLevelSettings?: ReadonlyArray<{ tls?: { mode?: string } }>;
}

/**
 * ISTIO_MUTUAL and MUTUAL are mutual TLS (Kiali counts both); SIMPLE presents no client
 * certificate, so for mTLS purposes it is as good as plaintext.
 */
function clientTls(mode: string | undefined): ClientTls {
  switch (mode) {
    case 'ISTIO_MUTUAL':
    case 'MUTUAL':
      return 'mutual';
    case 'DISABLE':
    case 'SIMPLE':
      return 'plain';
    default:
      return undefined;
  }
}

function clientModes(spec: DestinationRuleSpec | undefined): ClientModes {
  if (!spec) return { top: undefined, others: [] };
  // Subset and top-level policies have distinct generated types; both are read through TlsPolicyView.
  const top = spec.trafficPolicy as TlsPolicyView | undefined;
  const narrower: Array<string | undefined> = [
    ...(top?.portLevelSettings ?? []).map((p) => p.tls?.mode),
    ...(spec.subsets ?? []).flatMap((s) => {
      const policy = s.trafficPolicy as TlsPolicyView | undefined;
      return [policy?.tls?.mode, ...(policy?.portLevelSettings ?? []).map((p) => p.tls?.mode)];
    }),
  ];
  return {
    top: clientTls(top?.tls?.mode),
    others: narrower.map(clientTls).filter((m): m is 'mutual' | 'plain' => m !== undefined),
  };
}
