import type { Graph } from '@sextant/contracts';
import cytoscape, { type Core } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useEffect, useMemo, useRef } from 'react';
import { navigate } from '../../lib/router.ts';
import { useDocumentTheme } from '../../lib/useDocumentTheme.ts';
import { stylesheet } from '../graph/cytoscape/stylesheet.ts';
import { palette } from '../graph/palette.ts';
import { nodeGraphModel } from './nodeGraphModel.ts';
import type { TrafficSubject } from './nodeTraffic.ts';

function registerDagre(): void {
  // The graph page's layout code may have registered it already in this bundle.
  if (!cytoscape('layout', 'dagre')) cytoscape.use(dagre);
}

/**
 * The subject's callers and callees drawn as a small graph (callers left, callees right), with the
 * traffic page's looks: health colours, rates on the edges. A click on a peer opens its page. The
 * lists beside it carry the same facts for keyboards and screen readers.
 */
export default function NodeGraph({ graph, subject }: { graph: Graph; subject: TrafficSubject }) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const theme = useDocumentTheme();
  const model = useMemo(() => nodeGraphModel(graph, subject), [graph, subject]);
  const hrefs = useRef(model.hrefs);
  hrefs.current = model.hrefs;

  // A new drawing when the set of nodes and edges changes (or the theme); numbers update in place
  // by the effect below, so a poll never re-lays out the graph.
  useEffect(() => {
    if (!container.current) return;
    registerDagre();
    const p = palette(theme);
    const cy = cytoscape({
      container: container.current,
      elements: model.elements,
      style: [
        ...stylesheet(p),
        {
          selector: 'node.subject',
          style: { 'border-width': 5, 'border-color': p.cursor, 'font-weight': 700 },
        },
      ],
      layout: {
        name: 'dagre',
        rankDir: 'LR',
        nodeSep: 24,
        rankSep: 110,
        fit: true,
        padding: 24,
      } as cytoscape.LayoutOptions,
      boxSelectionEnabled: false,
      autoungrabify: true,
      userZoomingEnabled: false,
      maxZoom: 1.3,
    });
    cy.on('tap', 'node', (event) => {
      const href = hrefs.current.get(event.target.id());
      if (href) navigate(href);
    });
    cy.on('mouseover', 'node', (event) => {
      if (container.current)
        container.current.style.cursor = hrefs.current.has(event.target.id()) ? 'pointer' : '';
    });
    cy.on('mouseout', 'node', () => {
      if (container.current) container.current.style.cursor = '';
    });
    cyRef.current = cy;
    (container.current as HTMLDivElement & { __cy?: Core }).__cy = cy;
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, [model.structure, theme]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    for (const el of model.elements) {
      const existing = cy.getElementById(String(el.data.id));
      if (existing.nonempty()) {
        existing.data(el.data);
        if (el.classes !== undefined) existing.classes(String(el.classes));
      }
    }
  }, [model]);

  const nodes = model.elements.filter((e) => e.group === 'nodes').length;
  return (
    <div
      ref={container}
      className="node-graph"
      role="img"
      data-testid="node-graph"
      data-nodes={nodes}
      aria-label={`Node graph of ${subject.name}: ${model.callers} ${model.callers === 1 ? 'caller' : 'callers'}, ${model.callees} ${model.callees === 1 ? 'callee' : 'callees'}`}
    />
  );
}
