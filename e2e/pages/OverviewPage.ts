import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** The Overview at `/`: namespace cards or a table, found by roles and accessible names. */
export class OverviewPage extends AppPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly cardsButton: Locator;
  readonly tableButton: Locator;
  readonly filter: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Overview' });
    this.table = page.getByRole('table', { name: 'Namespaces overview' });
    this.cardsButton = page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Cards' });
    this.tableButton = page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Table' });
    this.filter = page.getByRole('searchbox', { name: 'Filter by name' });
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/${query ? `?${query}` : ''}`);
    await this.heading.waitFor();
  }

  /** The card of a namespace, named by its heading. */
  card(namespace: string): Locator {
    return this.page.getByRole('article', { name: namespace, exact: true });
  }

  row(namespace: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: namespace, exact: true }) });
  }

  /** Reloads until `ready` holds: the page refreshes itself every 15 s, a reload asks now. */
  async reloadUntil(ready: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await ready()) return;
      if (Date.now() > deadline) throw new Error('the overview never showed what was expected');
      await this.page.waitForTimeout(2_000);
      await this.page.reload();
      await this.heading.waitFor();
    }
  }
}
