import { describe, expect, it } from 'vitest';
import { GraphKeyboard } from './pages/GraphKeyboard.ts';
import { GraphPage, type GraphNode } from './pages/GraphPage.ts';
import { bookinfoGraphStack } from './support/e2eStack.ts';
import { screenshotPath } from '@sextant/testkit/screenshots';

type Arrow = 'ArrowRight' | 'ArrowLeft' | 'ArrowUp' | 'ArrowDown';

/** Whether `to` lies on the `arrow` side of `from` on screen (y grows downwards). */
function liesTowards(arrow: Arrow, from: GraphNode, to: GraphNode): boolean {
  switch (arrow) {
    case 'ArrowRight':
      return to.x > from.x;
    case 'ArrowLeft':
      return to.x < from.x;
    case 'ArrowDown':
      return to.y > from.y;
    case 'ArrowUp':
      return to.y < from.y;
  }
}

describe('traffic graph from the keyboard (mesh-sim bookinfo + Prometheus + server + Chromium)', () => {
  const e2e = bookinfoGraphStack();

  async function openGraph(colorScheme: 'light' | 'dark' = 'light'): Promise<GraphKeyboard> {
    const graph = new GraphPage(await e2e.newPage({ colorScheme }), e2e.stack.urls.sextant);
    // A slow refresh: the test walks one drawing, not a relayout in the middle of a key press.
    await graph.open('namespaces=bookinfo&refresh=1m');
    await graph.waitForDrawing();
    return new GraphKeyboard(graph);
  }

  it('walks nodes and edges with arrows, N/P, E, Enter and Escape, and leaves with Tab', async () => {
    const keys = await openGraph();
    const { graph } = keys;
    const nodes = await graph.nodes();
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const nameOf = (id: string | undefined) => (id && byId.get(id)?.name) || '';

    await keys.tabIntoCanvas();
    // Focus puts the cursor on the first node by name and says what it is.
    await expect.poll(() => keys.cursor()).toBeDefined();
    const first = (await keys.cursor())!;
    expect(byId.has(first)).toBe(true);
    expect(await keys.announced()).toMatch(new RegExp(`^${nameOf(first)}, \\w`));
    expect(await keys.announcement.isVisible()).toBe(true);

    // Arrows: each step lands on a node on that side, or says there is none and stays.
    let at = first;
    let moves = 0;
    for (const arrow of ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'] as Arrow[]) {
      const before = await keys.announced();
      await keys.press(arrow);
      await expect.poll(() => keys.announced()).not.toBe(before);
      const now = (await keys.cursor())!;
      const said = await keys.announced();
      if (said.startsWith('No node')) {
        expect(now).toBe(at);
        continue;
      }
      expect(liesTowards(arrow, byId.get(at)!, byId.get(now)!), `${arrow} from ${nameOf(at)}`).toBe(true);
      expect(said.startsWith(`${nameOf(now)}, `)).toBe(true);
      at = now;
      moves++;
    }
    expect(moves).toBeGreaterThan(1);

    // N and P walk the nodes by name and come back.
    await keys.press('n');
    const next = (await keys.cursor())!;
    expect(nameOf(next).localeCompare(nameOf(at)) >= 0 || next === first).toBe(true);
    await keys.press('p');
    expect(await keys.cursor()).toBe(at);

    // Enter shows the node in the details panel, as a click does.
    await keys.pressUntilAnnounced('n', 'reviews v2, ');
    const v2 = (await keys.cursor())!;
    await keys.press('Enter');
    await graph.details.getByRole('heading', { name: 'reviews v2' }).waitFor();
    expect(graph.param('focus')).toBe(v2);
    await expect.poll(() => keys.announced()).toMatch(/, selected$/);

    // E walks its edges (outgoing first), Enter shows the edge.
    await keys.press('e');
    await expect
      .poll(() => keys.announced())
      .toMatch(/^edge reviews v2 → ratings, [\d.]+ rps, .*mTLS, 1 of 2$/);
    const edge = await graph.edge('reviews v2', 'ratings');
    expect(await keys.cursor()).toBe(edge!.id);
    await keys.press('Enter');
    await graph.details.getByRole('heading', { name: /reviews v2\s*→\s*ratings/ }).waitFor();
    expect(graph.param('focus')).toBe(edge!.id);

    // Escape clears the selection and brings the cursor back to the node.
    await keys.press('Escape');
    await expect.poll(() => graph.param('focus')).toBeNull();
    await graph.details
      .getByRole('heading', { name: /reviews v2\s*→\s*ratings/ })
      .waitFor({ state: 'detached' });
    expect(await keys.cursor()).toBe(v2);
    expect(await keys.announced()).toMatch(/^Selection cleared\. reviews v2, app, /);

    // Tab leaves the canvas (it is not used for moving inside), and the cursor is no longer drawn.
    expect(await keys.canvasFocused()).toBe(true);
    await keys.press('Tab');
    expect(await keys.canvasFocused()).toBe(false);
    expect(await keys.cursor()).toBeUndefined();
    expect(await keys.announcement.isVisible()).toBe(false);
  });

  it('zooms with + and -, fits with 0, and opens the keys with ?', async () => {
    const keys = await openGraph();
    await keys.tabIntoCanvas();
    // The zoom 0 fits to, once settled (the first drawing may have been fitted to another size).
    await keys.press('0');
    const fitted = await keys.settledZoom();
    await keys.press('+');
    const zoomedIn = await keys.settledZoom();
    expect(zoomedIn).toBeGreaterThan(fitted * 1.2);
    await keys.press('-');
    await keys.press('-');
    await expect.poll(() => keys.zoom()).toBeLessThan(zoomedIn * 0.7);
    await keys.press('0');
    expect(await keys.settledZoom()).toBeCloseTo(fitted, 3);

    // The cursor stays on screen when zoomed in around it.
    for (let i = 0; i < 4; i++) await keys.press('+');
    await keys.press('End');
    const cursorId = await keys.cursor();
    await expect
      .poll(async () => (await keys.graph.nodes()).find((n) => n.id === cursorId)?.visible, {
        timeout: 5_000,
      })
      .toBe(true);

    await keys.press('?');
    await keys.help.waitFor();
    expect(await keys.help.getByText("walk the node's edges").count()).toBe(1);
    expect(await keys.canvasFocused()).toBe(true);
    await keys.press('?');
    await keys.help.waitFor({ state: 'detached' });
    // Escape closes the keys first; the canvas keeps its focus and its cursor.
    await keys.press('?');
    await keys.help.waitFor();
    const cursor = await keys.cursor();
    await keys.press('Escape');
    await keys.help.waitFor({ state: 'detached' });
    expect(await keys.canvasFocused()).toBe(true);
    expect(await keys.cursor()).toEqual(cursor);
    await keys.helpButton.click();
    await keys.help.waitFor();
  });

  it.each(['light', 'dark'] as const)(
    'draws the keyboard cursor clearly in the %s theme (screenshots)',
    async (scheme) => {
      const keys = await openGraph(scheme);
      expect(await keys.graph.theme()).toBe(scheme);
      await keys.tabIntoCanvas();
      await keys.pressUntilAnnounced('n', 'reviews v2, ');
      await keys.graph.page.waitForTimeout(300);
      await keys.graph.page.screenshot({ path: screenshotPath(`graph-keyboard-node-${scheme}`) });
      await keys.press('e');
      await expect.poll(() => keys.announced()).toMatch(/^edge reviews v2 → ratings/);
      await keys.graph.page.waitForTimeout(300);
      await keys.graph.page.screenshot({ path: screenshotPath(`graph-keyboard-edge-${scheme}`) });
      await keys.press('?');
      await keys.help.waitFor();
      await keys.graph.page.screenshot({ path: screenshotPath(`graph-keyboard-help-${scheme}`) });
    },
  );
});
