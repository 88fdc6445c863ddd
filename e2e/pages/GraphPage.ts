import { expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Locator, Page, Response } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** One node or edge as the page's test hook reports it (apps/web/src/features/graph/README.md). */
export interface GraphNode {
  id: string;
  name: string;
  label: string;
  shape: string;
  health: string;
  badges: string[];
  x: number;
  y: number;
  visible: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  protocol: string;
  rate: number;
  mtls: string;
  x: number;
  y: number;
  visible: boolean;
}

interface Hook {
  version: number;
  layingOut: boolean;
  nodes(): GraphNode[];
  edges(): GraphEdge[];
  found(): string[];
  dimmed(): string[];
  nodeLabelPx(): number;
  badgeCollisions(): { badges: number; overlapping: number };
  selected(): string | undefined;
  patches: number;
  modelPositions(): Record<string, { x: number; y: number }>;
}

/**
 * The traffic graph page. Controls are found by role and accessible name; the canvas (which has
 * no DOM per node) through the documented `window.__sextant.graph` hook.
 */
export class GraphPage extends AppPage {
  readonly heading: Locator;
  readonly namespacesButton: Locator;
  readonly graphType: Locator;
  readonly duration: Locator;
  readonly refreshEvery: Locator;
  readonly refreshNow: Locator;
  readonly find: Locator;
  readonly hide: Locator;
  readonly details: Locator;
  readonly staleBanner: Locator;
  readonly legendButton: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Traffic graph' });
    this.namespacesButton = page.getByRole('button', { name: /^Namespaces/ });
    this.graphType = page.getByLabel('Graph type');
    this.duration = page.getByLabel('Duration');
    this.refreshEvery = page.getByLabel('Refresh every');
    this.refreshNow = page.getByRole('button', { name: 'Refresh now' });
    this.find = page.getByLabel('Find', { exact: true });
    this.hide = page.getByLabel('Hide', { exact: true });
    this.details = page.getByRole('complementary', { name: 'Details' });
    this.staleBanner = page.getByRole('status').filter({ hasText: 'The last refresh failed' });
    this.legendButton = page.getByRole('button', { name: 'Legend' });
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/graph${query ? `?${query}` : ''}`);
    await this.heading.waitFor();
  }

  /**
   * Opens the page and returns the answer of its graph request (`GET /api/namespaces/graph`), the
   * very JSON the page draws, with the request's URL.
   */
  async openWithGraphResponse<T>(query: string, timeoutMs = 30_000): Promise<{ request: URL; body: T }> {
    // The body is read as the answer arrives: Chromium drops the body of a request the page gave up
    // (a fetch aborted when its query was superseded), and then the next answer is the one drawn.
    const answer = new Promise<{ request: URL; body: T }>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.page.off('response', onResponse);
        reject(new Error(`no readable answer to GET /api/namespaces/graph within ${timeoutMs} ms`));
      }, timeoutMs);
      const onResponse = async (r: Response) => {
        if (new URL(r.url()).pathname !== '/api/namespaces/graph' || r.request().method() !== 'GET') return;
        let body: T;
        try {
          if (!r.ok()) throw new Error(`${r.url()}: HTTP ${r.status()} ${await r.text()}`);
          body = (await r.json()) as T;
        } catch (err) {
          if (err instanceof Error && /Network\.getResponseBody|navigated away/.test(err.message)) return;
          clearTimeout(timer);
          this.page.off('response', onResponse);
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        clearTimeout(timer);
        this.page.off('response', onResponse);
        resolve({ request: new URL(r.url()), body });
      };
      this.page.on('response', onResponse);
    });
    await this.open(query);
    return answer;
  }

  async chooseNamespace(name: string): Promise<void> {
    await this.namespacesButton.click();
    await this.page.getByRole('checkbox', { name }).check();
    await this.page.keyboard.press('Escape');
  }

  /** The query string of the page's URL. */
  search(): string {
    return new URL(this.page.url()).search;
  }

  /** One parameter of the page's URL, decoded. */
  param(name: string): string | null {
    return new URL(this.page.url()).searchParams.get(name);
  }

  /** Waits until a drawing newer than `afterVersion` is on screen and no layout runs; returns its version. */
  async waitForDrawing(afterVersion = 0, timeoutMs = 30_000): Promise<number> {
    const handle = await this.page.waitForFunction(
      (after) => {
        const hook = (globalThis as unknown as { __sextant?: { graph?: Hook } }).__sextant?.graph;
        return hook && hook.version > after && !hook.layingOut ? hook.version : false;
      },
      afterVersion,
      { timeout: timeoutMs, polling: 100 },
    );
    return (await handle.jsonValue()) as number;
  }

  /** Waits until the graph request is done (Refresh enabled again) and no layout runs. */
  async settle(): Promise<void> {
    await this.page.getByRole('button', { name: 'Refresh now', disabled: false }).waitFor();
    await this.page.waitForFunction(
      () => !(globalThis as unknown as { __sextant?: { graph?: Hook } }).__sextant?.graph?.layingOut,
      null,
      { polling: 100 },
    );
  }

  async version(): Promise<number> {
    return this.page.evaluate(
      () => (globalThis as unknown as { __sextant?: { graph?: Hook } }).__sextant?.graph?.version ?? 0,
    );
  }

  async nodes(): Promise<GraphNode[]> {
    return this.page.evaluate(() =>
      (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.nodes(),
    );
  }

  async edges(): Promise<GraphEdge[]> {
    return this.page.evaluate(() =>
      (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.edges(),
    );
  }

  async found(): Promise<string[]> {
    return this.page.evaluate(() =>
      (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.found(),
    );
  }

  /** On-screen node label size (px) and how many badge rows the overlay drew over edge labels. */
  async legibility(): Promise<{ labelPx: number; badges: number; overlapping: number }> {
    return this.page.evaluate(() => {
      const hook = (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph;
      return { labelPx: hook.nodeLabelPx(), ...hook.badgeCollisions() };
    });
  }

  async dimmed(): Promise<string[]> {
    return this.page.evaluate(() =>
      (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.dimmed(),
    );
  }

  async node(name: string): Promise<GraphNode> {
    const match = (await this.nodes()).find((n) => n.name === name);
    if (!match) throw new Error(`no node named ${name}`);
    return match;
  }

  /** The edge between the nodes named so (e.g. "reviews v2" -> "ratings"). */
  async edge(sourceName: string, targetName: string): Promise<GraphEdge | undefined> {
    const nodes = await this.nodes();
    const byName = (name: string) => nodes.filter((n) => n.name === name).map((n) => n.id);
    const sources = byName(sourceName);
    const targets = byName(targetName);
    return (await this.edges()).find((e) => sources.includes(e.source) && targets.includes(e.target));
  }

  async click(at: { x: number; y: number }): Promise<void> {
    await this.page.mouse.click(at.x, at.y);
  }

  /** A value of the side panel's figures, by its label ("Request rate", "mTLS"). */
  stat(label: string): Locator {
    return this.details.getByText(label, { exact: true }).locator('xpath=following-sibling::dd[1]');
  }

  /** The side panel's health word ("Degraded", "No health data") and the reasons listed under it. */
  async detailsHealth(): Promise<{ word: string; reasons: string[] }> {
    const section = this.details
      .locator('section')
      .filter({ has: this.page.getByRole('heading', { name: 'Health', exact: true }) });
    const word = await section.locator('.health').evaluate((badge) =>
      [...badge.childNodes]
        .filter((n) => !(n instanceof HTMLElement && n.getAttribute('aria-hidden') === 'true'))
        .map((n) => n.textContent ?? '')
        .join('')
        .trim(),
    );
    const reasons = await section.getByRole('listitem').allInnerTexts();
    return { word, reasons: reasons.map((r) => r.trim()) };
  }

  /** The cells of a table in the side panel, by its accessible name, one array per body row. */
  async detailsTable(name: string): Promise<string[][]> {
    return this.details
      .getByRole('table', { name, exact: true })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) =>
          [...row.children].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
        ),
      );
  }

  /** Clicks the canvas's Zoom in button `times` times and waits until the zoom animation is over. */
  async zoomIn(times = 1): Promise<void> {
    type ZoomHook = { __sextant: { graph: { zoom(): number; animating(): boolean } } };
    const before = await this.page.evaluate(() => (globalThis as unknown as ZoomHook).__sextant.graph.zoom());
    for (let i = 0; i < times; i++) await this.page.getByRole('button', { name: 'Zoom in' }).click();
    await this.page.waitForFunction(
      (from) => {
        const graph = (globalThis as unknown as ZoomHook).__sextant.graph;
        return !graph.animating() && graph.zoom() > from;
      },
      before,
      { polling: 100 },
    );
  }

  async applyFind(expression: string): Promise<void> {
    await this.find.fill(expression);
    await this.find.press('Enter');
  }

  async applyHide(expression: string): Promise<void> {
    await this.hide.fill(expression);
    await this.hide.press('Enter');
  }

  /** Leaf positions in the drawing's model coordinates (what a saved layout keeps). */
  async modelPositions(): Promise<Record<string, { x: number; y: number }>> {
    return this.page.evaluate(() =>
      (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.modelPositions(),
    );
  }

  /** Refreshes that added or removed elements and were patched in without a layout. */
  async patches(): Promise<number> {
    return this.page.evaluate(
      () => (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.patches,
    );
  }

  /** The Export menu (export and layout), opened. */
  async fileMenu(): Promise<Locator> {
    const menu = this.page.getByRole('group', { name: 'Export and layout' });
    if (!(await menu.isVisible())) await this.page.getByRole('button', { name: 'Export' }).click();
    await menu.waitFor();
    return menu;
  }

  /** Clicks `item` in the Export menu and returns the downloaded file's name and bytes. */
  async download(item: string): Promise<{ name: string; bytes: Buffer }> {
    const menu = await this.fileMenu();
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      menu.getByRole('button', { name: item }).click(),
    ]);
    const path = await download.path();
    return { name: download.suggestedFilename(), bytes: await readFile(path) };
  }

  /** Drags the node whose centre is at `from` by (dx, dy) screen pixels. */
  async drag(from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    for (let i = 1; i <= 5; i++) await this.page.mouse.move(from.x + (dx * i) / 5, from.y + (dy * i) / 5);
    await this.page.mouse.up();
  }

  /** The replay's timeline under the graph. */
  get replayBar(): Locator {
    return this.page.getByRole('group', { name: 'Graph replay' });
  }

  /** The frame on screen: its time (unix s), its index (from 0), how many, and whether it is in yet. */
  async replayFrame(): Promise<{ time: number; index: number; count: number; loading: boolean }> {
    const out = this.replayBar.getByLabel('Replay time');
    const text = await out.innerText();
    const m = /frame (\d+) of (\d+)/.exec(text);
    if (!m) throw new Error(`no frame in "${text}"`);
    return {
      time: Number(await out.getAttribute('data-time')),
      index: Number(m[1]) - 1,
      count: Number(m[2]),
      loading: text.includes('loading'),
    };
  }

  /** Waits until frame `index` is drawn (its batch in and patched onto the canvas). */
  async waitForFrame(index: number, timeoutMs = 30_000): Promise<void> {
    await expect
      .poll(
        async () => {
          const f = await this.replayFrame();
          return f.index === index && !f.loading;
        },
        { timeout: timeoutMs },
      )
      .toBe(true);
  }

  /** The short badges drawn on the node named `name` ("VS", "TS", "FI"...). */
  async badges(name: string): Promise<string[]> {
    return [...(await this.node(name)).badges].sort();
  }
}
