import type { Graph, MtlsStatus } from '@sextant/contracts';
import type { GraphParams } from '../../../api/graph.ts';
import type { GraphView } from '../model/graphView.ts';
import type { NodeFocus } from '../model/nodeFocus.ts';
import type { Palette } from '../palette.ts';
import type { GraphViewState } from '../urlState.ts';
import { EdgeDetails } from './EdgeDetails.tsx';
import { GraphSummaryPanel } from './GraphSummaryPanel.tsx';
import { NodeDetails } from './NodeDetails.tsx';

export interface SidePanelProps {
  graph: Graph;
  view: GraphView;
  state: GraphViewState;
  params: GraphParams;
  palette: Palette;
  meshTls: MtlsStatus | undefined;
  onSelect: (id: string | undefined) => void;
  /** Shows the node graph of a node (Kiali's node graphs). */
  onFocusNode?: (node: NodeFocus) => void;
  /** Scope-first graphs: draws a namespace node by node (adding it to the graph if it is not in it). */
  onExpand?: (namespace: string) => void;
}

/** The right-hand panel: the selected node or edge, or the whole graph when nothing is selected. */
export function SidePanel(props: SidePanelProps) {
  const { view, state } = props;
  const node = state.selected ? view.nodes.find((n) => n.id === state.selected) : undefined;
  const edge = state.selected && !node ? view.edges.find((e) => e.id === state.selected) : undefined;
  return (
    <aside className="side-panel" aria-label="Details">
      {node ? (
        <NodeDetails node={node} {...props} />
      ) : edge ? (
        <EdgeDetails edge={edge} {...props} />
      ) : (
        <GraphSummaryPanel {...props} missing={state.selected} />
      )}
    </aside>
  );
}
