import type { Locator, Page } from 'playwright-core';
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
  selected(): string | undefined;
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

  async applyFind(expression: string): Promise<void> {
    await this.find.fill(expression);
    await this.find.press('Enter');
  }
}
