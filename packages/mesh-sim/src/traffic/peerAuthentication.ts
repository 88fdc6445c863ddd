import { byAge, selectorMatches, type ConfigEntry, type PeerAuthenticationSpec } from './cluster.ts';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';
type ModeOrUnset = MtlsMode | undefined;

const modeOf = (m: string | undefined): ModeOrUnset =>
  m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : undefined;

/**
 * The mTLS mode a workload's sidecar enforces on one port, as istiod computes it: a workload
 * policy (selector) in the workload's namespace, then the namespace policy, then the mesh-wide
 * policy in the root namespace; `UNSET` inherits from the next level; the default is PERMISSIVE.
 * `portLevelMtls` only counts on a workload policy (Istio ignores it elsewhere).
 */
export function effectiveMtlsMode(
  policies: readonly ConfigEntry<PeerAuthenticationSpec>[],
  workload: { namespace: string; labels: Readonly<Record<string, string>> },
  port: number,
  rootNamespace: string,
): MtlsMode {
  const sorted = [...policies].sort(byAge);
  const hasSelector = (p: ConfigEntry<PeerAuthenticationSpec>) =>
    Object.keys(p.spec.selector?.matchLabels ?? {}).length > 0;

  const workloadPolicy = sorted.find(
    (p) =>
      p.namespace === workload.namespace &&
      hasSelector(p) &&
      selectorMatches(p.spec.selector?.matchLabels ?? {}, workload.labels),
  );
  const namespacePolicy = sorted.find((p) => p.namespace === workload.namespace && !hasSelector(p));
  const meshPolicy = sorted.find((p) => p.namespace === rootNamespace && !hasSelector(p));

  const portMode = modeOf(workloadPolicy?.spec.portLevelMtls?.[String(port)]?.mode);
  return (
    portMode ??
    modeOf(workloadPolicy?.spec.mtls?.mode) ??
    modeOf(namespacePolicy?.spec.mtls?.mode) ??
    modeOf(meshPolicy?.spec.mtls?.mode) ??
    'PERMISSIVE'
  );
}
