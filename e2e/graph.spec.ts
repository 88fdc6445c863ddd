import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ColorScheme } from './pages/AppPage.ts';
import { GraphPage } from './pages/GraphPage.ts';
import { reviewsConfig } from './support/bookinfoConfig.ts';
import { bookinfoGraphStack } from './support/e2eStack.ts';
import { kubectl } from '@sextant/testkit';
import { screenshotPath, screenshotsLightDark } from '@sextant/testkit/screenshots';

/** Shifts all reviews traffic to v3: a DestinationRule with the subsets and a 100 % VirtualService. */
const SHIFT_TO_V3 = reviewsConfig({ v3: 100 });

/** Saved layouts keep positions to 0.1 model units. */
function expectNear(actual: { x: number; y: number } | undefined, expected: { x: number; y: number }) {
  expect(actual).toBeDefined();
  expect(Math.abs(actual!.x - expected.x)).toBeLessThan(0.5);
  expect(Math.abs(actual!.y - expected.y)).toBeLessThan(0.5);
}

const rateOf = (label: string | undefined) => Number(/([\d.]+) rps/.exec(label ?? '')?.[1] ?? NaN);

describe('traffic graph page (mesh-sim bookinfo + Prometheus + server + Chromium)', () => {
  const e2e = bookinfoGraphStack();
  const opened: GraphPage[] = [];

  // The server's Content-Security-Policy must let the whole page work: cytoscape, the layout worker.
  afterEach(() => {
    for (const graph of opened.splice(0)) expect(graph.cspViolations).toEqual([]);
  });

  async function openGraph(query: string, colorScheme: ColorScheme = 'light'): Promise<GraphPage> {
    const graph = new GraphPage(await e2e.newPage({ colorScheme }), e2e.stack.urls.sextant);
    opened.push(graph);
    await graph.watchCspViolations();
    await graph.open(query);
    return graph;
  }

  it('draws Bookinfo once the namespace is chosen', async () => {
    const graph = await openGraph('');
    await graph.chooseNamespace('bookinfo');
    expect(graph.search()).toContain('namespaces=bookinfo');
    await graph.waitForDrawing();
    const nodes = await graph.nodes();
    const names = nodes.map((n) => n.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'productpage v1',
        'reviews v1',
        'reviews v2',
        'reviews v3',
        'ratings v1',
        'details v1',
        'unknown',
        'www.googleapis.com',
      ]),
    );
    expect(nodes.find((n) => n.name === 'unknown')?.shape).toBe('unknown');
    expect(nodes.find((n) => n.name === 'www.googleapis.com')?.shape).toBe('serviceentry');
    expect(nodes.find((n) => n.name.startsWith('istio-ingressgateway'))?.shape).toBe('gateway');
    expect(nodes.every((n) => n.visible)).toBe(true);
  });

  it('shows the rate and mTLS of the reviews v2 -> ratings edge when it is clicked', async () => {
    const graph = await openGraph('namespaces=bookinfo');
    await graph.waitForDrawing();
    const edge = await graph.edge('reviews v2', 'ratings');
    expect(edge).toBeDefined();
    expect(edge!.visible).toBe(true);
    await graph.click(edge!);
    await graph.details.getByRole('heading', { name: /reviews v2\s*→\s*ratings/ }).waitFor();
    expect(graph.param('focus')).toBe(edge!.id);
    const rate = await graph.stat('Request rate').innerText();
    expect(rate).toMatch(/^[\d.]+ rps$/);
    expect(rateOf(rate)).toBeGreaterThan(0);
    expect(await graph.stat('mTLS').innerText()).toBe('100%');
    // p50/p95/p99 come from the graph asked with each response time.
    await expect
      .poll(async () => graph.details.getByText(/^p(50|95|99)$/).count(), { timeout: 15_000 })
      .toBe(3);
  });

  it('switches graph type and duration, and a reload brings back the same view', async () => {
    const graph = await openGraph('namespaces=bookinfo');
    const version = await graph.waitForDrawing();
    await graph.graphType.selectOption('workload');
    await graph.waitForDrawing(version);
    // A poll of the versioned-app graph may be drawn first (CI saw it once): wait for the workloads.
    await expect
      .poll(async () => (await graph.nodes()).map((n) => n.name), { timeout: 30_000 })
      .toEqual(
        expect.arrayContaining(['reviews-v1', 'reviews-v2', 'reviews-v3', 'ratings-v1', 'productpage-v1']),
      );
    await graph.duration.selectOption({ label: 'Last 5 minutes' });
    await expect.poll(() => graph.search()).toContain('duration=5m');
    expect(graph.search()).toContain('graphType=workload');
    await graph.settle();
    const edge = await graph.edge('reviews-v2', 'ratings');
    await graph.click(edge!);
    await graph.details.getByRole('heading', { name: /reviews-v2\s*→\s*ratings/ }).waitFor();

    const before = graph.search();
    const nodesBefore = (await graph.nodes()).map((n) => n.name).sort();
    await graph.page.reload();
    await graph.waitForDrawing();
    expect(graph.search()).toBe(before);
    expect(await graph.graphType.inputValue()).toBe('workload');
    expect(await graph.duration.inputValue()).toBe('300');
    expect((await graph.nodes()).map((n) => n.name).sort()).toEqual(nodesBefore);
    await graph.details.getByRole('heading', { name: /reviews-v2\s*→\s*ratings/ }).waitFor();
  });

  it('highlights what Find matches and explains a bad expression', async () => {
    const graph = await openGraph('namespaces=bookinfo');
    await graph.waitForDrawing();
    await graph.applyFind('name = ratings');
    await expect.poll(() => graph.search()).toContain('find=name+%3D+ratings');
    const nodes = await graph.nodes();
    const ratings = nodes.filter((n) => n.name === 'ratings' || n.name === 'ratings v1').map((n) => n.id);
    await expect.poll(async () => (await graph.found()).sort()).toEqual(ratings.sort());
    expect(await graph.page.getByText('2 found').count()).toBe(1);

    await graph.find.fill('nam = ratings');
    expect(await graph.page.getByRole('alert').innerText()).toContain(
      'Unknown field "nam" — did you mean name?',
    );
    // A half-typed expression leaves the graph as it is: nothing found, nothing dimmed.
    await expect.poll(() => graph.dimmed()).toEqual([]);
    expect(await graph.found()).toEqual([]);

    // A value no node can have is reported beside the field instead of dimming everything.
    await graph.applyFind('health = bad');
    expect(await graph.page.getByRole('alert').innerText()).toContain('"bad" never matches');
    expect(await graph.dimmed()).toEqual([]);

    // A valid expression that matches nothing says so and dims nothing.
    await graph.applyFind('name = nosuchservice');
    await graph.page.getByText('nothing found').waitFor();
    expect(await graph.dimmed()).toEqual([]);
  });

  it('reads at fit: labels >= 11 px on screen, badges clear of edge labels, the legend beside the canvas, the time field unclipped at 1280 and 1440', async () => {
    const graph = await openGraph('namespaces=bookinfo');
    await graph.waitForDrawing();
    await graph.settle();
    await expect.poll(async () => (await graph.legibility()).labelPx).toBeGreaterThanOrEqual(11);
    const { badges, overlapping } = await graph.legibility();
    expect(badges).toBeGreaterThan(0); // productpage's VS badge at least
    expect(overlapping).toBe(0);

    // The legend opens beside the canvas: nothing of the drawing is under it.
    await graph.legendButton.click();
    const legend = graph.page.getByRole('region', { name: 'Legend' });
    await legend.waitFor();
    const canvas = await graph.page.locator('.graph-stage').boundingBox();
    const legendBox = await legend.boundingBox();
    expect(legendBox!.x).toBeGreaterThanOrEqual(canvas!.x + canvas!.width);
    await graph.page.screenshot({ path: screenshotPath('graph-legend-docked-light') });
    await graph.page.getByRole('button', { name: 'Close legend' }).click();

    // Looking back: the "Ending at" field shows its whole value at both common widths.
    await graph.open(`namespaces=bookinfo&queryTime=${Math.floor(Date.now() / 1000) - 60}`);
    for (const width of [1280, 1440]) {
      await graph.page.setViewportSize({ width, height: 900 });
      const fits = await graph.page.getByLabel('Ending at').evaluate((input: HTMLInputElement) => {
        const shown = input.getBoundingClientRect().width;
        input.style.width = 'max-content';
        const needed = input.getBoundingClientRect().width;
        input.style.width = '';
        return { shown, needed, value: input.value };
      });
      expect(fits.value).not.toBe('');
      expect(fits.shown).toBeGreaterThanOrEqual(fits.needed - 0.5);
      await graph.page.screenshot({ path: screenshotPath(`graph-toolbar-${width}-light`) });
    }
  });

  it.each(['light', 'dark'] as const)(
    'looks right in the %s theme (screenshot with the side panel)',
    async (scheme) => {
      const graph = await openGraph('namespaces=bookinfo', scheme);
      await graph.waitForDrawing();
      expect(await graph.theme()).toBe(scheme);
      const v2 = await graph.node('reviews v2');
      await graph.click(v2);
      await graph.details.getByRole('heading', { name: 'reviews v2' }).waitFor();
      await graph.details.getByRole('img', { name: 'Request rate' }).waitFor();
      await graph.page.screenshot({ path: screenshotPath(`graph-${scheme}`) });
      const edge = await graph.edge('reviews v2', 'ratings');
      await graph.click(edge!);
      await graph.details.getByText('p99').waitFor();
      await graph.legendButton.click();
      await graph.page.screenshot({ path: screenshotPath(`graph-edge-legend-${scheme}`) });
    },
  );

  it('exports PNG, SVG and JSON, keeps a dragged layout across refresh, Hide and reload, and restores a layout file', async () => {
    const graph = await openGraph('namespaces=bookinfo&refresh=off');
    await graph.waitForDrawing();
    await graph.settle();

    const png = await graph.download('PNG image');
    expect(png.name).toMatch(/^sextant-graph-bookinfo-versionedApp\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = (await graph.download('SVG image')).bytes.toString('utf8');
    expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    expect(svg).toContain('reviews');
    // The overlay's marks come along, as vectors after the graph: Bookinfo's mTLS locks (a
    // shackle and a body each) and whatever badges and health marks are on screen.
    const marks = /<g class="sextant-marks">(.*)<\/g>\s*<\/svg>\s*$/s.exec(svg)?.[1] ?? '';
    const locks = (await graph.edges()).filter((e) => e.mtls === 'full' || e.mtls === 'partial').length;
    expect(locks).toBeGreaterThan(0);
    expect(marks.match(/<path /g)?.length ?? 0).toBeGreaterThanOrEqual(2 * locks);
    await writeFile(screenshotPath('graph-export'), png.bytes);
    // The SVG as a browser draws it, to look at beside the PNG.
    const view = await graph.page.context().newPage();
    await view.setContent(svg.replace(/^<\?xml[^>]*>/, ''));
    await view.locator('svg').screenshot({ path: screenshotPath('graph-export-svg') });
    await view.close();
    const json = JSON.parse((await graph.download('JSON (graph and positions)')).bytes.toString('utf8')) as {
      graphType: string;
      elements: { nodes: Array<{ data: { id: string } }> };
      positions: Record<string, { x: number; y: number }>;
    };
    const drawn = await graph.modelPositions();
    expect(json.graphType).toBe('versionedApp');
    expect(Object.keys(json.positions).sort()).toEqual(Object.keys(drawn).sort());
    expect(json.elements.nodes.map((n) => n.data.id)).toEqual(expect.arrayContaining(Object.keys(drawn)));

    // The user moves reviews v2; the view keeps it there.
    const v2 = await graph.node('reviews v2');
    await graph.page.keyboard.press('Escape'); // the menu closes
    await graph.drag(v2, 0, 90);
    const moved = (await graph.modelPositions())[v2.id]!;
    expect(moved.y).toBeGreaterThan(drawn[v2.id]!.y + 20);
    const dragged = await graph.modelPositions();

    // A refresh updates in place: nothing moves.
    await graph.refreshNow.click();
    await graph.settle();
    expect(await graph.modelPositions()).toEqual(dragged);

    // Hide removes ratings without a new layout; showing it again puts it back where it was.
    const ratings = (await graph.node('ratings v1')).id;
    const patches = await graph.patches();
    await graph.applyHide('app = ratings');
    await expect.poll(async () => Object.keys(await graph.modelPositions())).not.toContain(ratings);
    expect(await graph.patches()).toBeGreaterThan(patches);
    // Everything that stays keeps its place (the ratings service node goes too).
    const after = await graph.modelPositions();
    expect(after).toEqual(Object.fromEntries(Object.keys(after).map((id) => [id, dragged[id]])));
    expect(Object.keys(after).length).toBeGreaterThanOrEqual(Object.keys(dragged).length - 2);
    await graph.applyHide('');
    await expect.poll(() => graph.modelPositions()).toEqual(dragged);

    // Saved in the browser: a reload draws the moved node where it was left, without a layout.
    await expect
      .poll(() =>
        graph.page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('graph.layout')).length),
      )
      .toBe(1);
    await graph.page.waitForFunction(
      ([id, y]) =>
        Object.entries(localStorage).some(
          ([k, v]) =>
            k.includes('graph.layout') &&
            Math.abs(
              (JSON.parse(v) as { positions: Record<string, { y: number }> }).positions[id as string]!.y -
                (y as number),
            ) < 1,
        ),
      [v2.id, moved.y],
    );
    await graph.page.reload();
    await graph.waitForDrawing();
    expectNear((await graph.modelPositions())[v2.id], moved);

    // A layout file: downloaded, the layout reset (reviews v2 goes back), then restored from the file.
    const file = await graph.download('Download layout');
    expect(JSON.parse(file.bytes.toString('utf8'))).toMatchObject({
      kind: 'sextant-graph-layout',
      layout: 'dagre',
    });
    const before = await graph.version();
    await (await graph.fileMenu()).getByRole('button', { name: 'Reset layout' }).click();
    await graph.waitForDrawing(before);
    expectNear((await graph.modelPositions())[v2.id], drawn[v2.id]!);
    const menu = await graph.fileMenu();
    await menu
      .getByLabel('Layout file')
      .setInputFiles({ name: 'layout.json', mimeType: 'application/json', buffer: file.bytes });
    await menu
      .getByRole('status')
      .filter({ hasText: /Restored the positions of \d+ nodes/ })
      .waitFor();
    expectNear((await graph.modelPositions())[v2.id], moved);
    await menu.getByLabel('Layout file').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"kind":"other"}'),
    });
    await menu.getByRole('status').filter({ hasText: 'Not a Sextant layout (kind:' }).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await graph.setTheme(scheme);
      await graph.fileMenu();
      await graph.page.screenshot({ path: screenshotPath(`graph-export-menu-${scheme}`) });
    }
    await graph.setTheme('light');
  });

  // Node graphs (Kiali's): the node with its callers and callees only, from the server's node-graph route.
  it('shows reviews v2 with its callers and callees only, and goes back', async () => {
    const graph = new GraphPage(await e2e.newPage(), e2e.stack.urls.sextant);
    await graph.open('namespaces=bookinfo&refresh=off');
    const first = await graph.waitForDrawing();
    expect((await graph.nodes()).map((n) => n.name)).toEqual(
      expect.arrayContaining(['details v1', 'reviews v1']),
    );

    await graph.click(await graph.node('reviews v2'));
    await graph.details.getByRole('heading', { name: 'reviews v2' }).waitFor();
    const nodeGraphAnswer = graph.page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/namespaces/bookinfo/apps/reviews/versions/v2/graph',
    );
    await graph.details.getByRole('button', { name: 'Show its node graph' }).click();
    const answer = await nodeGraphAnswer;
    expect(answer.status()).toBe(200);
    expect(new URL(answer.url()).searchParams.get('graphType')).toBe('versionedApp');
    expect(graph.param('node')).toBe('app:bookinfo:reviews:v2');
    await graph.waitForDrawing(first);

    // Inbound: productpage through the reviews service; outbound: the ratings service and ratings v1.
    const names = (await graph.nodes()).map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['productpage v1', 'reviews v2', 'ratings v1']));
    for (const other of ['details v1', 'reviews v1', 'reviews v3', 'mongodb v1', 'unknown'])
      expect(names).not.toContain(other);
    const banner = graph.page.getByRole('status', { name: 'Node graph' });
    await expect.poll(() => banner.innerText()).toMatch(/Node graph of reviews v2 in bookinfo/);
    // The focused node stays selected: the side panel describes it.
    await graph.details.getByRole('heading', { name: 'reviews v2' }).waitFor();
    await screenshotsLightDark(graph, 'graph-node-graph');

    const back = await graph.version();
    await banner.getByRole('button', { name: 'Back to the namespace graph' }).click();
    expect(graph.param('node')).toBeNull();
    await graph.waitForDrawing(back);
    expect((await graph.nodes()).map((n) => n.name)).toEqual(
      expect.arrayContaining(['details v1', 'reviews v1']),
    );
  });

  it('starts scope-first over the node budget: one node per namespace, expands one in place, collapses it, draws everything', async () => {
    const aggregateAnswer = (page: GraphPage['page']) =>
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/namespaces/graph/aggregate');
    const graph = new GraphPage(await e2e.newPage(), e2e.stack.urls.sextant);
    opened.push(graph);
    const first = aggregateAnswer(graph.page);
    await graph.open('namespaces=bookinfo,istio-system&budget=5&refresh=off');
    expect((await first).status()).toBe(200);
    const v1 = await graph.waitForDrawing();
    const banner = graph.page.getByRole('status', { name: 'Scope-first graph' });
    await expect.poll(() => banner.innerText()).toMatch(/About \d+ nodes, over the budget of 5/);
    expect(await banner.innerText()).toContain('2 aggregated Prometheus queries');
    const collapsed = await graph.nodes();
    const namespaceNodes = collapsed.filter((n) => n.shape === 'namespace').map((n) => n.name);
    expect(namespaceNodes).toEqual(expect.arrayContaining(['bookinfo', 'istio-system']));
    expect(collapsed.map((n) => n.name)).not.toContain('reviews v2');
    // The ingress gateway's traffic into Bookinfo is one aggregated edge, with the unmeshed caller beside it.
    const ids = new Map(collapsed.map((n) => [n.name, n.id]));
    const edges = await graph.edges();
    expect(
      edges.some(
        (e) => e.source === ids.get('istio-system') && e.target === ids.get('bookinfo') && e.rate > 0,
      ),
    ).toBe(true);
    expect(collapsed.find((n) => n.name === 'bookinfo')?.label).toMatch(/bookinfo\n\d+ nodes/);

    await graph.click(await graph.node('bookinfo'));
    await graph.details.getByRole('heading', { name: 'bookinfo' }).waitFor();
    await graph.details.getByText('Nodes when expanded').waitFor();
    await screenshotsLightDark(graph, 'graph-scope-first');

    await graph.details.getByRole('button', { name: 'Expand bookinfo' }).click();
    expect(graph.param('expand')).toBe('bookinfo');
    const v2 = await graph.waitForDrawing(v1);
    await expect
      .poll(async () => (await graph.nodes()).map((n) => n.name), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['reviews v2', 'productpage v1', 'istio-system']));
    const expandedNodes = await graph.nodes();
    expect(expandedNodes.find((n) => n.name === 'istio-system')?.shape).toBe('namespace');
    expect(expandedNodes.some((n) => n.name.startsWith('istio-ingressgateway'))).toBe(false);
    const expandedIds = new Map(expandedNodes.map((n) => [n.id, n]));
    // The gateway folded into istio-system: its edge into Bookinfo now ends at a Bookinfo node.
    expect(
      (await graph.edges()).some(
        (e) =>
          expandedIds.get(e.source)?.name === 'istio-system' &&
          expandedIds.get(e.target)?.shape !== 'namespace' &&
          e.rate > 0,
      ),
    ).toBe(true);
    await expect.poll(() => banner.innerText()).toMatch(/Expanded:\s*bookinfo/);
    await screenshotsLightDark(graph, 'graph-scope-first-expanded');

    await banner.getByRole('button', { name: 'Collapse bookinfo' }).click();
    expect(graph.param('expand')).toBeNull();
    await graph.waitForDrawing(v2);
    await expect
      .poll(async () => (await graph.nodes()).filter((n) => n.shape === 'namespace').map((n) => n.name))
      .toEqual(expect.arrayContaining(['bookinfo', 'istio-system']));

    await banner.getByRole('button', { name: 'Draw every node' }).click();
    expect(graph.param('budget')).toBe('0');
    await expect
      .poll(async () => (await graph.nodes()).map((n) => n.name), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['reviews v2', 'productpage v1']));
    expect((await graph.nodes()).some((n) => n.shape === 'namespace')).toBe(false);
    await banner.waitFor({ state: 'detached' });
  });

  it('opens a node graph from a link, and says so when the node saw no traffic', async () => {
    const graph = new GraphPage(await e2e.newPage(), e2e.stack.urls.sextant);
    await graph.open('namespaces=bookinfo&refresh=off&graphType=workload&node=workload:bookinfo:details-v1');
    await graph.waitForDrawing();
    const names = (await graph.nodes()).map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['details-v1', 'productpage-v1']));
    expect(names).not.toContain('reviews-v2');

    await graph.open('namespaces=bookinfo&refresh=off&graphType=workload&node=workload:bookinfo:nobody-v1');
    await graph.page.getByRole('heading', { name: /No traffic to or from nobody-v1/ }).waitFor();
    await graph.page.getByRole('button', { name: 'Back to the namespace graph' }).first().waitFor();
  });

  it('shows reviews traffic to v1 and v2 falling to zero after a VirtualService shifts it to v3, without a reload', async () => {
    const graph = await openGraph('namespaces=bookinfo&refresh=10s');
    await graph.waitForDrawing();
    const loadedAt = await graph.page.evaluate(() => performance.timeOrigin);
    const start = {
      v1: rateOf((await graph.edge('reviews', 'reviews v1'))?.label),
      v3: rateOf((await graph.edge('reviews', 'reviews v3'))?.label),
    };
    expect(start.v1).toBeGreaterThan(0);

    await kubectl(e2e.stack.kubeconfig, ['apply', '-f', '-'], SHIFT_TO_V3);

    // Each refresh updates the labels in place; the v1/v2 rates over the 1m window decay, then
    // the edges go once no request reached them in the window.
    const seenV1: number[] = [];
    await expect
      .poll(
        async () => {
          const v1 = await graph.edge('reviews', 'reviews v1');
          const v2 = await graph.edge('reviews', 'reviews v2');
          if (v1) seenV1.push(rateOf(v1.label));
          return (v1 ? rateOf(v1.label) : 0) + (v2 ? rateOf(v2.label) : 0);
        },
        { timeout: 150_000, interval: 2_000 },
      )
      .toBe(0);
    expect(seenV1.some((r) => r < start.v1)).toBe(true);
    const v3 = await graph.edge('reviews', 'reviews v3');
    expect(rateOf(v3?.label)).toBeGreaterThan(start.v3);
    expect(await graph.page.evaluate(() => performance.timeOrigin)).toBe(loadedAt);
  });

  it('keeps the last graph under a clear banner while Prometheus is down, and recovers by itself', async () => {
    const graph = await openGraph('namespaces=bookinfo&refresh=10s');
    await graph.waitForDrawing();
    const before = (await graph.nodes()).map((n) => n.name).sort();
    const loadedAt = await graph.page.evaluate(() => performance.timeOrigin);

    await e2e.stack.prometheus.pause();
    try {
      await graph.staleBanner.waitFor({ timeout: 60_000 });
      expect(await graph.staleBanner.innerText()).toMatch(
        /Showing data from .*The last refresh failed: .*Prometheus/is,
      );
      expect((await graph.nodes()).map((n) => n.name).sort()).toEqual(before);
      await graph.page.screenshot({ path: screenshotPath('graph-prometheus-down') });
    } finally {
      await e2e.stack.prometheus.resume();
    }
    await graph.staleBanner.waitFor({ state: 'detached', timeout: 60_000 });
    expect((await graph.nodes()).map((n) => n.name)).toEqual(
      expect.arrayContaining(['reviews v3', 'ratings v1']),
    );
    expect(await graph.page.evaluate(() => performance.timeOrigin)).toBe(loadedAt);
  });

  it('keeps the graph while the Kubernetes API is away, says since when its cluster data is stale, and recovers by itself', async () => {
    const graph = await openGraph('namespaces=bookinfo&refresh=10s');
    await graph.waitForDrawing();
    const before = (await graph.nodes()).map((n) => n.name).sort();
    expect(await graph.clusterStaleBanner.count()).toBe(0);

    await e2e.stack.setKubeApiMode('down');
    try {
      await graph.clusterStaleBanner.waitFor({ timeout: 60_000 });
      expect(await graph.clusterStaleBanner.innerText()).toMatch(
        /Cluster data as of .*reconnecting by itself.*ECONNREFUSED/is,
      );
      // The server still answers from its caches: the graph stays, and so do the other pages.
      expect((await graph.nodes()).map((n) => n.name).sort()).toEqual(before);
      await graph.page.screenshot({ path: screenshotPath('graph-kube-api-down-light') });
      const dark = await openGraph('namespaces=bookinfo&refresh=10s', 'dark');
      await dark.waitForDrawing();
      await dark.clusterStaleBanner.waitFor({ timeout: 30_000 });
      await dark.page.screenshot({ path: screenshotPath('graph-kube-api-down-dark') });
      await dark.page.close();
    } finally {
      await e2e.stack.setKubeApiMode('up');
    }
    await graph.clusterStaleBanner.waitFor({ state: 'detached', timeout: 60_000 });
    expect((await graph.nodes()).map((n) => n.name).sort()).toEqual(before);
  });
});
