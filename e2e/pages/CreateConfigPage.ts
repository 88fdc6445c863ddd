import type { Locator, Page } from 'playwright-core';
import { IstioConfigPage } from './IstioConfigPage.ts';

/**
 * "Create" on the Istio config list and the new-object page (`/istio/new?namespace=…&kind=…`);
 * the YAML editor helpers are the object editor's.
 */
export class CreateConfigPage extends IstioConfigPage {
  readonly createButton: Locator;
  readonly createMenu: Locator;
  readonly reviewNewButton: Locator;
  readonly createNewButton: Locator;
  readonly createReasons: Locator;
  readonly dryRun: Locator;

  constructor(
    page: Page,
    private readonly sextantUrl: string,
  ) {
    super(page, sextantUrl);
    this.createButton = page.getByRole('button', { name: 'Create', exact: true }).first();
    this.createMenu = page.getByRole('group', { name: 'Create Istio config' });
    this.reviewNewButton = page.getByRole('button', { name: 'Review', exact: true });
    this.createNewButton = page.getByRole('region', { name: 'Review' }).getByRole('button', {
      name: 'Create',
      exact: true,
    });
    this.createReasons = page.getByRole('list', { name: 'Why Create is disabled' });
    this.dryRun = page.getByRole('region', { name: 'Review' }).locator('.review__result');
  }

  /** From the list: Create → the kind (in `namespace` when the list shows several). */
  async createFromList(kind: string, namespace?: string): Promise<void> {
    await this.createButton.click();
    await this.createMenu.waitFor();
    if (namespace)
      await this.createMenu.getByRole('combobox', { name: 'In namespace' }).selectOption(namespace);
    await this.createMenu.getByRole('link', { name: new RegExp(`^${kind}\\b`) }).click();
    await this.newHeading(kind).waitFor();
  }

  newHeading(kind: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: new RegExp(`^New ${kind} in `) });
  }

  async openNew(namespace: string, resource: string, kind: string): Promise<void> {
    await this.page.goto(`${this.sextantUrl}/istio/new?namespace=${namespace}&kind=${resource}`);
    await this.newHeading(kind).waitFor();
    // The template is in: the editor's views (Form first for kinds with a form).
    await this.yamlTab.waitFor();
  }

  /** The diff of the object the dry run would create. */
  toCreate(kind: string): Locator {
    return this.page.getByLabel(`${kind} to create`);
  }

  /** Waits until the live check has answered for the current text. */
  async liveChecked(): Promise<string> {
    await this.page.waitForFunction(() => {
      const s = document.querySelector('.yaml__status [role=status]');
      return s !== null && !/Checking/.test(s.textContent ?? '') && s.getAttribute('aria-busy') !== 'true';
    });
    return this.yamlStatus.innerText();
  }
}
