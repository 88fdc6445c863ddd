import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** The Istio config list and the object editor, by roles and accessible names. */
export class IstioConfigPage extends AppPage {
  readonly listHeading: Locator;
  readonly table: Locator;
  readonly formTab: Locator;
  readonly yamlTab: Locator;
  readonly yaml: Locator;
  readonly yamlProblems: Locator;
  /** The first problem listed as an error, with its line. */
  readonly yamlError: Locator;
  readonly reviewButton: Locator;
  readonly applyButton: Locator;
  readonly applyReasons: Locator;
  readonly review: Locator;
  readonly diff: Locator;
  readonly conflict: Locator;
  readonly savedNotice: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.listHeading = page.getByRole('heading', { level: 1, name: 'Istio config' });
    this.table = page.getByRole('table', { name: 'Istio config' });
    this.formTab = page.getByRole('tab', { name: 'Form' });
    this.yamlTab = page.getByRole('tab', { name: 'YAML' });
    this.yaml = page.getByRole('textbox', { name: 'YAML' });
    this.yamlProblems = page.getByRole('list', { name: 'YAML problems' });
    this.yamlError = this.yamlProblems.getByText(/Error · line \d+/).first();
    this.reviewButton = page.getByRole('button', { name: 'Review changes' });
    this.applyButton = page.getByRole('button', { name: 'Apply', exact: true });
    this.applyReasons = page.getByRole('list', { name: 'Why Apply is disabled' });
    this.review = page.getByRole('region', { name: 'Review' });
    this.diff = page.getByLabel('Diff against the live object');
    this.conflict = page.getByRole('alert').filter({ hasText: 'Someone else changed' });
    this.savedNotice = page.getByRole('status').filter({ hasText: 'Applied' });
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

  // ---- DestinationRule form ----

  get destinationRuleForm(): Locator {
    return this.page.getByRole('group', { name: 'DestinationRule form' });
  }

  /** The n-th subset (1-based) of the DestinationRule form. */
  drSubset(n: number): Locator {
    return this.page.getByRole('region', { name: `Subset ${n}`, exact: true });
  }

  /** An input of a subset's label row; inputs with suggestions are comboboxes, so found by label. */
  drLabel(subset: number, row: number, part: 'key' | 'value'): Locator {
    return this.drSubset(subset).getByLabel(`Label ${part} ${row} of subset ${subset}`, { exact: true });
  }

  /** The traffic policy editor of subset n, opened from its one-line summary when collapsed. */
  async openSubsetPolicy(n: number): Promise<Locator> {
    const editor = this.page.getByRole('region', { name: `Traffic policy of subset ${n}`, exact: true });
    if ((await editor.count()) === 0) {
      await this.drSubset(n)
        .getByRole('button', { name: new RegExp(`^(Add|Edit) traffic policy of subset ${n}$`) })
        .click();
    }
    await editor.waitFor();
    return editor;
  }

  /** The suggestions (`<datalist>` options) an input offers. */
  async suggestionsOf(input: Locator): Promise<string[]> {
    return input.evaluate((el) => {
      const list = (el as unknown as { list: { options: ArrayLike<{ value: string }> } | null }).list;
      return Array.from(list?.options ?? [], (o) => o.value);
    });
  }

  // ---- YAML editor (CodeMirror) ----

  /**
   * The whole YAML text. CodeMirror renders only the lines in view, so the editor mirrors its
   * text in `data-yaml` for tests.
   */
  async yamlText(): Promise<string> {
    await this.yaml.waitFor();
    return (await this.page.locator('[data-yaml]').getAttribute('data-yaml')) ?? '';
  }

  /** Replaces the whole YAML text the way a user pastes: select all, insert. */
  async setYaml(text: string): Promise<void> {
    await this.yaml.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.insertText(text);
    await this.page.waitForFunction(
      (want) => document.querySelector('[data-yaml]')?.getAttribute('data-yaml') === want,
      text,
    );
  }

  /** Puts the cursor at the end of the first line holding `text` (clicking it, then End). */
  async cursorToEndOf(text: string): Promise<void> {
    await this.yamlLine(text).first().click();
    await this.page.keyboard.press('End');
  }

  /** The status beside the editor: "Checking…", "No problems", "2 errors, 1 warning", … */
  get yamlStatus(): Locator {
    return this.page.locator('.yaml__status').getByRole('status');
  }

  /** A rendered line of the editor holding `text`. */
  yamlLine(text: string): Locator {
    return this.page.locator('.cm-line').filter({ hasText: text });
  }

  /** The 1-based line of the YAML text holding `text`. */
  async lineOf(text: string): Promise<number> {
    const index = (await this.yamlText()).split('\n').findIndex((l) => l.includes(text));
    if (index < 0) throw new Error(`no YAML line holds ${text}`);
    return index + 1;
  }

  /** Hovers the lint underline on the line holding `text`; the tooltip that opens. */
  async lintTooltipAt(text: string): Promise<Locator> {
    await this.yamlLine(text).locator('.cm-lintRange').first().hover();
    const tooltip = this.page.locator('.cm-tooltip-lint');
    await tooltip.waitFor();
    return tooltip;
  }

  /** The 1-based line the cursor is on (the highlighted line number). */
  async cursorLine(): Promise<number> {
    return Number(await this.page.locator('.cm-lineNumbers .cm-activeLineGutter').innerText());
  }
}
