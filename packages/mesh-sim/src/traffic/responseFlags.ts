/**
 * Envoy response flags the simulation produces, in the order Envoy writes them when several apply
 * (its ResponseFlagUtils table), so `UF,URX` and `DI,FI` come out as a real proxy reports them.
 */
const ORDER = ['UH', 'UT', 'UF', 'UC', 'NR', 'DI', 'FI', 'DC', 'URX'] as const;
export type ResponseFlag = (typeof ORDER)[number];

export function formatFlags(flags: Iterable<ResponseFlag>): string {
  const set = new Set(flags);
  if (set.size === 0) return '-';
  return ORDER.filter((f) => set.has(f)).join(',');
}
