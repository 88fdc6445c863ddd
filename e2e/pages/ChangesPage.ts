import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** The Changes page (`/changes`): the change history as a timeline, by roles and accessible names. */
export class ChangesPage extends AppPage {
  readonly heading: Locator;
  readonly timeline: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Changes' });
    this.timeline = page.getByRole('list', { name: 'Changes, newest first' });
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/changes${query ? `?${query}` : ''}`);
    await this.heading.waitFor();
  }

  /** Each change as the list names it ("VirtualService reviews changed in bookinfo"), newest first. */
  async changes(): Promise<string[]> {
    if (!(await this.timeline.isVisible())) return [];
    return this.timeline
      .locator('li.change')
      .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
  }

  /** The n-th change (0: newest). */
  item(index: number): Locator {
    return this.timeline.locator('li.change').nth(index);
  }

  /** Opens the n-th change's diff and returns its text. */
  async openDiff(index: number): Promise<string> {
    const item = this.item(index);
    await item.getByRole('button').first().click();
    const diff = item.getByLabel(/^Diff of /);
    await diff.waitFor();
    return diff.innerText();
  }
}
