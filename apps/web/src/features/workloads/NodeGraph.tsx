import type { Graph } from '@sextant/contracts';
import { useMemo } from 'react';
import { navigate } from '../../lib/router.ts';
import NodeGraphCanvas from '../graph/cytoscape/NodeGraphCanvas.tsx';
import { nodeGraphLabel, nodeGraphModel } from './nodeGraphModel.ts';
import type { TrafficSubject } from './nodeTraffic.ts';

/**
 * The subject's callers and callees drawn as a small graph (callers left, callees right) with the
 * graph page's looks. A click on a peer opens its page; the lists beside it carry the same facts
 * (and the same links) for keyboards and screen readers. Loaded lazily (TrafficSection) with
 * cytoscape and the graph's view model: a details page does not wait for them.
 */
export default function NodeGraph({ graph, subject }: { graph: Graph; subject: TrafficSubject }) {
  // Pages build the subject anew on each render: the drawing depends on its fields only.
  const { kind, namespace, name } = subject;
  const model = useMemo(
    () => nodeGraphModel(graph, { kind, namespace, name }),
    [graph, kind, namespace, name],
  );
  return (
    <NodeGraphCanvas
      elements={model.elements}
      structure={model.structure}
      links={model.hrefs}
      onOpen={(href) => navigate(href)}
      label={nodeGraphLabel(name, model)}
    />
  );
}
