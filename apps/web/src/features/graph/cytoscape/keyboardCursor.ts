import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { nearestInDirection, revealPan, type Direction } from '../model/graphKeyboard.ts';
import { CURSOR_CLASS } from './stylesheet.ts';

/** Screen pixels kept between the cursor and the canvas' sides when panning to it: the controls float
 * over the top, the cursor caption over the bottom. */
const REVEAL_MARGIN = { top: 64, right: 40, bottom: 96, left: 40 };

/**
 * The keyboard cursor's side of cytoscape: moving the mark (two elements touched, never the whole
 * graph), the spatial step, and panning the cursor into view. The choices are pure functions in
 * model/graphKeyboard.ts.
 */
export function markCursor(cy: Core, previous: string | undefined, next: string | undefined): void {
  if (previous === next) return;
  cy.batch(() => {
    if (previous) cy.getElementById(previous).removeClass(CURSOR_CLASS);
    if (next) cy.getElementById(next).addClass(CURSOR_CLASS);
  });
}

/** The node the user means by an arrow key from `fromId`, by rendered position (one pass over the nodes). */
export function stepFrom(cy: Core, fromId: string, direction: Direction): string | undefined {
  const from = cy.getElementById(fromId);
  if (from.empty()) return undefined;
  const at = from.renderedPosition();
  const places = cy.nodes('.leaf').map((n) => {
    const p = n.renderedPosition();
    return { id: n.id(), x: p.x, y: p.y };
  });
  return nearestInDirection({ id: fromId, x: at.x, y: at.y }, places, direction);
}

/** Pans (briefly animated) so the element and its label are on screen, when they are not. */
export function reveal(cy: Core, id: string): void {
  const el = cy.getElementById(id);
  if (el.empty()) return;
  const box = el.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
  const { dx, dy } = revealPan(box, { width: cy.width(), height: cy.height() }, REVEAL_MARGIN);
  if (Math.abs(dx) < 1 && Math.abs(dy) < 1) return;
  const pan = cy.pan();
  cy.stop(true, true);
  cy.animate({ pan: { x: pan.x + dx, y: pan.y + dy } }, { duration: 160 });
}

/** The on-screen centre of an element, for zooming around the cursor. */
export function renderedCentre(cy: Core, id: string | undefined): { x: number; y: number } | undefined {
  if (!id) return undefined;
  const el = cy.getElementById(id);
  if (el.empty()) return undefined;
  return el.isEdge() ? (el as EdgeSingular).renderedMidpoint() : (el as NodeSingular).renderedPosition();
}
