import type { GraphType, HealthStatus, NodeData } from '@sextant/contracts';
import { worse } from '../health/status.ts';
import type { BoxBy } from './options.ts';

/**
 * Compound ("box") nodes as Kiali makes them: app boxes (always on app and versionedApp graphs,
 * on request otherwise) around the nodes of one app, then namespace and cluster boxes around what is
 * not boxed yet, each only when there is more than one of them. A box of one member is not drawn.
 */
export function addBoxes(nodes: NodeData[], boxBy: readonly BoxBy[], graphType: GraphType): NodeData[] {
  const boxes: NodeData[] = [];
  const group = (
    kind: BoxBy,
    keyOf: (n: NodeData) => string | undefined,
    make: (first: NodeData, key: string) => NodeData,
    onlyIfSeveral: boolean,
  ) => {
    const members = new Map<string, NodeData[]>();
    for (const n of [...nodes, ...boxes]) {
      if (n.parent !== undefined) continue;
      const key = keyOf(n);
      if (key === undefined) continue;
      const list = members.get(key);
      if (list) list.push(n);
      else members.set(key, [n]);
    }
    if (onlyIfSeveral && members.size <= 1) return;
    for (const [key, list] of members) {
      if (list.length < 2) continue;
      const box = make(list[0]!, key);
      if (kind === 'app') {
        let health: HealthStatus | undefined;
        for (const m of list) {
          if (m.isOutOfMesh) box.isOutOfMesh = true;
          if (m.isInaccessible) box.isInaccessible = true;
          if (m.isOutside) box.isOutside = true;
          if (m.health) health = health ? worse(health, m.health) : m.health;
        }
        if (health) box.health = health;
      }
      for (const m of list) m.parent = box.id;
      boxes.push(box);
    }
  };
  const id = (...parts: string[]) => `box_${parts.map(encodeURIComponent).join('_')}`;

  if (boxBy.includes('app') || graphType === 'app' || graphType === 'versionedApp') {
    group(
      'app',
      (n) =>
        n.nodeType !== 'box' && n.app && n.app !== 'unknown'
          ? `${n.cluster}\u0000${n.namespace}\u0000${n.app}`
          : undefined,
      (first) => ({
        id: id(first.cluster, first.namespace, first.app!),
        nodeType: 'box',
        isBox: 'app',
        cluster: first.cluster,
        namespace: first.namespace,
        app: first.app!,
      }),
      false,
    );
  }
  if (boxBy.includes('namespace')) {
    group(
      'namespace',
      (n) => (n.namespace !== 'unknown' ? `${n.cluster}\u0000${n.namespace}` : undefined),
      (first) => ({
        id: id(first.cluster, first.namespace),
        nodeType: 'box',
        isBox: 'namespace',
        cluster: first.cluster,
        namespace: first.namespace,
      }),
      true,
    );
  }
  if (boxBy.includes('cluster')) {
    group(
      'cluster',
      (n) => (n.cluster !== 'unknown' ? n.cluster : undefined),
      (first) => ({
        id: id(first.cluster),
        nodeType: 'box',
        isBox: 'cluster',
        cluster: first.cluster,
        namespace: '',
      }),
      true,
    );
  }
  return [...boxes, ...nodes];
}
