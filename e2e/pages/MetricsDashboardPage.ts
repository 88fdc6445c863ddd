import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** A metrics dashboard (Inbound/Outbound metrics) inside a details page, by roles and names. */
export class MetricsDashboardPage extends AppPage {
  readonly toolbar: Locator;
  readonly tooltip: Locator;
  readonly zoom: Locator;

  constructor(page: Page) {
    super(page);
    this.toolbar = page.getByRole('toolbar', { name: 'Metrics settings' });
    this.tooltip = page.getByRole('tooltip');
    this.zoom = page.getByRole('status', { name: 'Zoomed window' });
  }

  setting(label: 'Time range' | 'Group by' | 'Reported by' | 'Refresh every'): Locator {
    return this.toolbar.getByLabel(label);
  }

  panel(title: string): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^${title}`) });
  }

  legend(title: string): Locator {
    return this.page.getByRole('list', { name: `${title} legend` });
  }

  /** The labels of the series drawn (legend toggles pressed), in legend order. */
  async legendLabels(title: string): Promise<string[]> {
    return this.legend(title).locator('button[aria-pressed="true"]').allInnerTexts();
  }

  /** A busy panel draws its busiest groups first: this draws every series. */
  async showAllSeries(title: string): Promise<void> {
    const more = this.legend(title).getByRole('button', { name: /^\+\d+ more$/ });
    if (await more.count()) await more.click();
  }

  /**
   * Waits until the panel's legend names exactly `labels`, or at least them with `subset` (data
   * arrives as Prometheus scrapes).
   */
  async waitForLegend(
    title: string,
    labels: string[],
    options: { subset?: boolean; timeoutMs?: number } = {},
  ): Promise<void> {
    await this.page.waitForFunction(
      ([name, want, subset]) => {
        const list = document.querySelector(`ul[aria-label="${name} legend"]`);
        const got = list
          ? [...list.querySelectorAll('button[aria-pressed="true"]')].map((b) => b.textContent?.trim() ?? '')
          : [];
        return subset ? want.every((l) => got.includes(l)) : JSON.stringify(got) === JSON.stringify(want);
      },
      [title, labels, options.subset ?? false] as const,
      { timeout: options.timeoutMs ?? 60_000 },
    );
  }

  /** Waits until the charts on screen show the window `from`..`to` (unix seconds). */
  async waitForWindow(from: number, to: number, timeoutMs = 30_000): Promise<void> {
    await this.page.locator(`[data-window="${from}-${to}"]`).waitFor({ timeout: timeoutMs });
  }

  /** Waits until the panel's chart has at least `count` points in time (Prometheus keeps scraping). */
  async waitForPoints(title: string, count: number, timeoutMs = 90_000): Promise<void> {
    await this.page.waitForFunction(
      ([name, n]) => {
        // The label goes on with the config changes marked (", 2 config changes marked").
        const chart = document.querySelector(`[role="img"][aria-label^="${name} chart"]`);
        return Number(chart?.getAttribute('data-points') ?? 0) >= n;
      },
      [title, count] as const,
      { timeout: timeoutMs },
    );
  }

  /** The chart's drawing surface (uPlot's overlay, where the cursor and the selection live). */
  chartSurface(title: string): Locator {
    return this.page.getByRole('img', { name: `${title} chart` }).locator('.u-over');
  }

  /** Moves the mouse over the chart, `at` of the way across (0..1). */
  async hover(title: string, at = 0.7): Promise<void> {
    const box = (await this.chartSurface(title).boundingBox())!;
    await this.page.mouse.move(box.x + box.width * at, box.y + box.height / 2);
  }

  /** Drags across the chart from `from` to `to` of its width (0..1). */
  async drag(title: string, from: number, to: number): Promise<void> {
    const box = (await this.chartSurface(title).boundingBox())!;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 5 });
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 5 });
    await this.page.mouse.up();
  }

  param(name: string): string | null {
    return new URL(this.page.url()).searchParams.get(name);
  }
}
