import type { Locator, Page } from 'playwright-core';

/** The Istio config list and the object editor, by roles and accessible names. */
export class IstioConfigPage {
  readonly listHeading: Locator;
  readonly table: Locator;
  readonly formTab: Locator;
  readonly yamlTab: Locator;
  readonly yaml: Locator;
  readonly yamlProblems: Locator;
  readonly reviewButton: Locator;
  readonly applyButton: Locator;
  readonly applyReasons: Locator;
  readonly review: Locator;
  readonly diff: Locator;
  readonly conflict: Locator;
  readonly savedNotice: Locator;
  readonly themeToggle: Locator;

  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {
    this.listHeading = page.getByRole('heading', { level: 1, name: 'Istio config' });
    this.table = page.getByRole('table', { name: 'Istio config' });
    this.formTab = page.getByRole('tab', { name: 'Form' });
    this.yamlTab = page.getByRole('tab', { name: 'YAML' });
    this.yaml = page.getByRole('textbox', { name: 'YAML' });
    this.yamlProblems = page.getByRole('list', { name: 'YAML problems' });
    this.reviewButton = page.getByRole('button', { name: 'Review changes' });
    this.applyButton = page.getByRole('button', { name: 'Apply', exact: true });
    this.applyReasons = page.getByRole('list', { name: 'Why Apply is disabled' });
    this.review = page.getByRole('region', { name: 'Review' });
    this.diff = page.getByLabel('Diff against the live object');
    this.conflict = page.getByRole('alert').filter({ hasText: 'Someone else changed' });
    this.savedNotice = page.getByRole('status').filter({ hasText: 'Applied' });
    this.themeToggle = page.getByRole('button', { name: /^Switch to (dark|light) theme$/ });
  }

  async openList(query = 'namespaces=bookinfo'): Promise<void> {
    await this.page.goto(`${this.baseUrl}/istio?${query}`);
    await this.table.waitFor();
  }

  row(name: string, kind: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) })
      .filter({ has: this.page.getByRole('cell', { name: kind, exact: true }) });
  }

  async openObject(namespace: string, resource: string, name: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/istio/${namespace}/${resource}/${name}`);
    await this.page.getByRole('heading', { level: 1, name }).waitFor();
  }

  /** Flips the theme toggle until the page shows `scheme`. */
  async setTheme(scheme: 'light' | 'dark'): Promise<void> {
    const html = this.page.locator('html');
    for (let i = 0; i < 2 && (await html.getAttribute('data-theme')) !== scheme; i++) {
      await this.themeToggle.click();
      await this.page.waitForFunction(`document.documentElement.dataset.theme === '${scheme}'`);
    }
  }

  route(n: number): Locator {
    return this.page.getByRole('region', { name: `HTTP route ${n}` });
  }

  weight(route: number, destination: number): Locator {
    return this.route(route).getByRole('spinbutton', { name: `Weight of destination ${destination}` });
  }

  subset(route: number, destination: number): Locator {
    return this.route(route).getByRole('textbox', { name: `Subset of destination ${destination}` });
  }

  /** Adds a header condition to a new match block of an HTTP route. */
  async addHeaderMatch(route: number, name: string, value: string): Promise<void> {
    const r = this.route(route);
    await r.getByRole('button', { name: `Add match to HTTP route ${route}` }).click();
    const match = r.getByRole('group', { name: 'Match 1', exact: true });
    await match.getByRole('textbox', { name: 'New header name of match 1' }).fill(name);
    await match.getByRole('combobox', { name: 'New header match kind of match 1' }).selectOption('exact');
    await match.getByRole('textbox', { name: 'New header value of match 1' }).fill(value);
    await match.getByRole('button', { name: 'Add header to match 1' }).click();
    await match.getByRole('textbox', { name: 'Header 1 value of match 1' }).waitFor();
  }
}
