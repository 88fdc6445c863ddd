import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** The namespaces page as a user sees it: roles and accessible names only, no CSS selectors. */
export class NamespacesPage extends AppPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly staleBanner: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Namespaces' });
    this.table = page.getByRole('table', { name: 'Namespaces' });
    this.staleBanner = page.getByRole('status').filter({ hasText: 'The last refresh failed' });
  }

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/namespaces`);
    await this.heading.waitFor();
  }

  /** The row whose header cell is exactly `name`. */
  row(name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  async namespaceNames(): Promise<string[]> {
    await this.table.waitFor();
    return this.table.getByRole('rowheader').allInnerTexts();
  }

  async injection(name: string): Promise<string> {
    return (await this.row(name).getByRole('cell').first().innerText()).trim();
  }

  async labels(name: string): Promise<string[]> {
    return this.row(name).getByRole('listitem').allInnerTexts();
  }
}
