import type { GraphType, NodeData } from '@sextant/contracts';
import type { BoxBy } from './types.ts';

/**
 * Compound ("box") nodes: an app box around the versions/workloads of one app (and its service
 * node), inside a namespace box. A box of one member adds nothing and is not drawn; the service
 * graph has no app boxes (every node there is already one service).
 */
export function addBoxes(
  nodes: NodeData[],
  boxBy: readonly BoxBy[],
  graphType: GraphType,
  requested: ReadonlySet<string>,
): NodeData[] {
  const boxes: NodeData[] = [];
  const byApp = boxBy.includes('app') && graphType !== 'service';
  const byNamespace = boxBy.includes('namespace');

  const appBoxOf = new Map<NodeData, string>();
  if (byApp) {
    const members = new Map<string, NodeData[]>();
    const appNames = new Set(nodes.filter(isAppMember).map((n) => `${n.namespace}/${n.app}`));
    for (const n of nodes) {
      // A service named like an app in its namespace sits in that app's box, as Kiali draws it.
      const app = isAppMember(n)
        ? n.app
        : n.nodeType === 'service' && !n.isServiceEntry && appNames.has(`${n.namespace}/${n.service}`)
          ? n.service
          : undefined;
      if (app === undefined) continue;
      const key = `${n.namespace}/${app}`;
      const list = members.get(key);
      if (list) list.push(n);
      else members.set(key, [n]);
    }
    for (const list of members.values()) {
      if (list.length < 2) continue;
      const first = list[0]!;
      const app = isAppMember(first) ? first.app! : first.service!;
      const box: NodeData = {
        id: `box:app:${encodeURIComponent(first.namespace)}:${encodeURIComponent(app)}`,
        nodeType: 'box',
        isBox: 'app',
        cluster: first.cluster,
        namespace: first.namespace,
        app,
        ...(list.some((m) => m.isOutside) ? { isOutside: true } : {}),
      };
      boxes.push(box);
      for (const m of list) appBoxOf.set(m, box.id);
    }
  }

  if (byNamespace) {
    const namespaceBoxes = new Map<string, NodeData>();
    const boxFor = (n: NodeData): string | undefined => {
      if (n.namespace === 'unknown') return undefined;
      const key = `${n.cluster}/${n.namespace}`;
      let box = namespaceBoxes.get(key);
      if (!box) {
        box = {
          id: `box:namespace:${encodeURIComponent(n.cluster)}:${encodeURIComponent(n.namespace)}`,
          nodeType: 'box',
          isBox: 'namespace',
          cluster: n.cluster,
          namespace: n.namespace,
          ...(requested.has(n.namespace) ? {} : { isOutside: true }),
        };
        namespaceBoxes.set(key, box);
      }
      return box.id;
    };
    for (const b of boxes) {
      const parent = boxFor(b);
      if (parent) b.parent = parent;
    }
    for (const n of nodes) {
      if (appBoxOf.has(n)) continue;
      const parent = boxFor(n);
      if (parent) n.parent = parent;
    }
    boxes.unshift(...namespaceBoxes.values());
  }
  for (const [n, box] of appBoxOf) n.parent = box;
  return [...boxes, ...nodes];
}

const isAppMember = (n: NodeData): boolean =>
  (n.nodeType === 'app' || n.nodeType === 'workload') && n.app !== undefined && n.app !== 'unknown';
