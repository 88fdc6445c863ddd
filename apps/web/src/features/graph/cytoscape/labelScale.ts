/** On-screen size node labels keep at any zoom the scale can reach (px). */
export const MIN_NODE_LABEL_SCREEN_PX = 11;
/**
 * Labels grow in the model by at most this much: past it (big graphs fitted small) the level of
 * detail takes over and cytoscape's `min-zoomed-font-size` drops labels too small to read (edge
 * labels first): more would only pile labels onto each other.
 */
export const MAX_LABEL_SCALE = 1.5;
const STEP = 0.25;

/**
 * How much to enlarge labels (in model units) at `zoom`, so a node label of `basePx` stays at
 * least `MIN_NODE_LABEL_SCREEN_PX` on screen: 1 at zoom >= ~0.85, growing as the view zooms out,
 * in steps of 0.25 so a zoom gesture restyles the graph a few times, not every frame.
 */
export function labelScale(zoom: number, basePx: number): number {
  if (!(zoom > 0)) return 1;
  const needed = MIN_NODE_LABEL_SCREEN_PX / (basePx * zoom);
  if (needed <= 1) return 1;
  return Math.min(MAX_LABEL_SCALE, Math.ceil(needed / STEP) * STEP);
}
