import type { ConfigEntry, DestinationRuleSpec } from './cluster.ts';
import { hostMatches, hostSpecificity, qualifyConfigHost } from './hosts.ts';
import type { ClientTlsSetting } from './mtls.ts';

function visibleFrom(dr: ConfigEntry<DestinationRuleSpec>, namespace: string): boolean {
  const exportTo = dr.spec.exportTo;
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || (e === '.' ? dr.namespace === namespace : e === namespace));
}

/**
 * The DestinationRule a client in `clientNamespace` applies to `host`, in istiod's lookup order:
 * the client's namespace, then the service's namespace, then the root namespace; within one
 * namespace the most specific host wins, then the oldest object.
 */
export function selectDestinationRule(
  rules: readonly ConfigEntry<DestinationRuleSpec>[],
  host: string,
  clientNamespace: string,
  serviceNamespace: string | undefined,
  rootNamespace: string,
): ConfigEntry<DestinationRuleSpec> | undefined {
  const order = [clientNamespace, serviceNamespace, rootNamespace].filter(
    (n): n is string => n !== undefined,
  );
  for (const ns of [...new Set(order)]) {
    let best: ConfigEntry<DestinationRuleSpec> | undefined;
    let bestScore = -1;
    for (const dr of rules) {
      if (dr.namespace !== ns || !dr.spec.host || !visibleFrom(dr, clientNamespace)) continue;
      const pattern = qualifyConfigHost(dr.spec.host, dr.namespace);
      if (!hostMatches(pattern, host)) continue;
      const score = hostSpecificity(pattern);
      if (score > bestScore) {
        best = dr;
        bestScore = score;
      }
    }
    if (best) return best;
  }
  return undefined;
}

export type SubsetLookup = { found: true; labels: Readonly<Record<string, string>> } | { found: false };

export function findSubset(dr: ConfigEntry<DestinationRuleSpec> | undefined, subset: string): SubsetLookup {
  const s = dr?.spec.subsets?.find((x) => x.name === subset);
  return s ? { found: true, labels: s.labels ?? {} } : { found: false };
}

/**
 * The part of a traffic policy TLS depends on. Top-level and subset policies have distinct
 * generated types that TypeScript cannot compare structurally (too deep), so both are read through this.
 */
interface TlsPolicyView {
  tls?: { mode?: string };
  portLevelSettings?: Array<{ port?: { number?: number }; tls?: { mode?: string } }>;
}

function tlsOf(policy: TlsPolicyView | undefined, port: number): ClientTlsSetting | 'unset' {
  const portLevel = policy?.portLevelSettings?.find((p) => p.port?.number === port)?.tls?.mode;
  const mode = portLevel ?? policy?.tls?.mode;
  return mode === 'DISABLE' || mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'ISTIO_MUTUAL'
    ? mode
    : 'unset';
}

/** The client TLS mode for a destination: subset policy over top-level policy, port-level over general. */
export function destinationTls(
  dr: ConfigEntry<DestinationRuleSpec> | undefined,
  subset: string | undefined,
  port: number,
): ClientTlsSetting {
  if (!dr) return undefined;
  const subsetPolicy = subset
    ? (dr.spec.subsets?.find((s) => s.name === subset)?.trafficPolicy as TlsPolicyView | undefined)
    : undefined;
  const fromSubset = tlsOf(subsetPolicy, port);
  if (fromSubset !== 'unset') return fromSubset;
  const top = tlsOf(dr.spec.trafficPolicy as TlsPolicyView | undefined, port);
  return top === 'unset' ? undefined : top;
}
