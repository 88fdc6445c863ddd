import type { Locator, Page } from 'playwright-core';

/** The namespaces page as a user sees it: roles and accessible names only, no CSS selectors. */
export class NamespacesPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly themeToggle: Locator;
  readonly staleBanner: Locator;

  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Namespaces' });
    this.table = page.getByRole('table', { name: 'Namespaces' });
    this.themeToggle = page.getByRole('button', { name: /^Switch to (dark|light) theme$/ });
    this.staleBanner = page.getByRole('status').filter({ hasText: 'The last refresh failed' });
  }

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/`);
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

  /** The theme the page shows, as set on <html data-theme>. */
  async theme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }
}
