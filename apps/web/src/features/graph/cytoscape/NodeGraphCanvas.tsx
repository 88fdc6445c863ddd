import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useEffect, useRef } from 'react';
import { useDocumentTheme } from '../../../lib/useDocumentTheme.ts';
import { palette } from '../palette.ts';
import { SUBJECT_CLASS } from './elements.ts';
import { stylesheet } from './stylesheet.ts';

export interface NodeGraphCanvasProps {
  /** toElements' output, the subject's nodes with SUBJECT_CLASS. */
  elements: ElementDefinition[];
  /** Unchanged across polls that only change numbers: then the drawing is updated in place. */
  structure: string;
  /** Where a click on a node leads; nodes without an entry are not clickable. */
  links: ReadonlyMap<string, string>;
  onOpen: (href: string) => void;
  /** What the drawing says to a screen reader (the lists beside it carry the details). */
  label: string;
}

function registerDagre(): void {
  // The graph page's layout code may have registered it already in this bundle.
  if (!cytoscape('layout', 'dagre')) cytoscape.use(dagre);
}

/**
 * A small node graph (a details page's callers and callees) with the graph page's looks: its
 * stylesheet and palette, health colours, rates and error shares on the edges; laid out left to
 * right by dagre, so callers stand left of the subject and callees right. Not interactive beyond a
 * click that opens a node's link: no zoom or drag on a page that scrolls. Test hook: the element's
 * `__cy` (e2e reads positions and classes from it).
 */
export default function NodeGraphCanvas({ elements, structure, links, onOpen, label }: NodeGraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const theme = useDocumentTheme();
  const latest = useRef({ links, onOpen, elements });
  latest.current = { links, onOpen, elements };

  // A new drawing when the set of nodes and edges changes (or the theme); numbers update in place
  // by the effect below, so a poll never re-lays out the graph.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    registerDagre();
    const p = palette(theme);
    const cy = cytoscape({
      container: el,
      elements: latest.current.elements,
      style: [
        ...stylesheet(p),
        {
          selector: `node.${SUBJECT_CLASS}`,
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
      userPanningEnabled: false,
      maxZoom: 1.3,
    });
    cy.on('tap', 'node', (event) => {
      const href = latest.current.links.get(event.target.id());
      if (href) latest.current.onOpen(href);
    });
    cy.on('mouseover', 'node', (event) => {
      el.style.cursor = latest.current.links.has(event.target.id()) ? 'pointer' : '';
    });
    cy.on('mouseout', 'node', () => {
      el.style.cursor = '';
    });
    cyRef.current = cy;
    (el as HTMLDivElement & { __cy?: Core }).__cy = cy;
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, [structure, theme]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      for (const el of elements) {
        const existing = cy.getElementById(String(el.data.id));
        if (existing.nonempty()) {
          existing.data(el.data);
          if (el.classes !== undefined) existing.classes(String(el.classes));
        }
      }
    });
  }, [elements]);

  const nodes = elements.filter((e) => e.group === 'nodes').length;
  return (
    <div
      ref={container}
      className="node-graph"
      role="img"
      data-testid="node-graph"
      data-nodes={nodes}
      aria-label={label}
    />
  );
}
