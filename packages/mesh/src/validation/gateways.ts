import type { JsonRecord } from '../cluster/json.ts';
import { asStringList } from '../cluster/json.ts';

/** The reserved gateway name for the sidecars of the mesh. */
export const MESH_GATEWAY = 'mesh';

/** A `gateways` entry: `mesh`, `namespace/name`, a bare name (the VirtualService's namespace) or the legacy `name.namespace[...]`. */
export function resolveGateway(
  ref: string,
  vsNamespace: string,
): { namespace: string; name: string; legacy: boolean } | 'mesh' {
  if (ref === MESH_GATEWAY) return 'mesh';
  const slash = ref.indexOf('/');
  if (slash >= 0) return { namespace: ref.slice(0, slash), name: ref.slice(slash + 1), legacy: false };
  const [name = '', namespace] = ref.split('.');
  return namespace ? { namespace, name, legacy: true } : { namespace: vsNamespace, name, legacy: false };
}

/** The gateways a VirtualService spec applies to, as `namespace/name` or `mesh` (the default when none are listed). */
export function gatewaySet(spec: JsonRecord, namespace: string): Set<string> {
  const list = asStringList(spec.gateways);
  return new Set(
    (list.length ? list : [MESH_GATEWAY]).map((g) => {
      const r = resolveGateway(g, namespace);
      return r === 'mesh' ? r : `${r.namespace}/${r.name}`;
    }),
  );
}
