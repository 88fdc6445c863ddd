import { z } from 'zod';
import { encodeNodeFocus, graphTypeFor } from './nodeFocus.ts';
import { BOX_BY, LAYOUTS, type GraphViewState, type LayoutName } from '../urlState.ts';

export type Position = { x: number; y: number };
export type Positions = Record<string, Position>;

const positionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });
const positionsSchema = z.record(z.string().min(1), positionSchema);

/** What the browser keeps per view: the layout the positions came from and the leaf positions. */
export const savedLayoutSchema = z.object({
  layout: z.enum(LAYOUTS),
  positions: positionsSchema,
  savedAt: z.number(),
});
export type SavedLayout = z.infer<typeof savedLayoutSchema>;

/** The view a layout belongs to: what decides which nodes there are and how they are boxed. */
export interface LayoutView {
  namespaces: string[];
  graphType: string;
  boxBy: string[];
  node?: string | undefined;
  /** A scope-first drawing: the namespaces expanded in it (none: every namespace is one node). */
  scope?: string[] | undefined;
}

/** `scope`: the expanded namespaces of a scope-first drawing; each expansion is a view of its own. */
export function layoutView(
  state: Pick<GraphViewState, 'namespaces' | 'graphType' | 'boxBy' | 'node'>,
  scope?: readonly string[],
): LayoutView {
  return {
    namespaces: [...state.namespaces].sort(),
    graphType: graphTypeFor(state.node, state.graphType),
    boxBy: BOX_BY.filter((b) => state.boxBy.includes(b)),
    ...(state.node ? { node: encodeNodeFocus(state.node) } : {}),
    ...(scope ? { scope: [...scope].sort() } : {}),
  };
}

/** The key of a view: namespaces (any order), graph type and boxing, plus the node of a node graph. */
export function viewKey(view: LayoutView): string {
  return [
    `ns=${view.namespaces.join(',')}`,
    `type=${view.graphType}`,
    `box=${view.boxBy.join(',') || 'none'}`,
    ...(view.node ? [`node=${view.node}`] : []),
    ...(view.scope ? [`scope=${view.scope.join(',') || 'namespaces'}`] : []),
  ].join('&');
}

/** A downloaded layout file: the view it was made for, the layout and the node positions. */
export const layoutFileSchema = z.object({
  kind: z.literal('sextant-graph-layout'),
  version: z.literal(1),
  view: z.object({
    namespaces: z.array(z.string()),
    graphType: z.string(),
    boxBy: z.array(z.string()),
    node: z.string().optional(),
    scope: z.array(z.string()).optional(),
  }),
  layout: z.enum(LAYOUTS),
  positions: positionsSchema,
});
export type LayoutFile = z.infer<typeof layoutFileSchema>;

export function layoutFile(view: LayoutView, layout: LayoutName, positions: Positions): LayoutFile {
  return { kind: 'sextant-graph-layout', version: 1, view, layout, positions };
}

export type ParsedLayoutFile = { ok: true; file: LayoutFile } | { ok: false; error: string };

/** Reads a layout file; the error names the first field that is wrong. */
export function parseLayoutFile(text: string): ParsedLayoutFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not a JSON file' };
  }
  const parsed = layoutFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, file: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'the file';
  return { ok: false, error: `${field}: ${issue.message}` };
}

/** Share of `ids` that have a position: a saved layout that knows too few nodes is not used. */
export function coverage(ids: readonly string[], positions: Positions): number {
  if (ids.length === 0) return 0;
  let known = 0;
  for (const id of ids) if (positions[id]) known++;
  return known / ids.length;
}
