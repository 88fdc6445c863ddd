import type { Locator, Page } from 'playwright-core';
import type { GraphPage } from './GraphPage.ts';

export type WizardTitle = 'Create traffic shift' | 'Route by header' | 'Inject fault' | 'Set timeout';

/** The service wizards (`/istio/wizards/traffic-shift?…&kind=`), by roles and accessible names. */
export class WizardPage {
  readonly kind: Locator;
  readonly reviewButton: Locator;
  readonly applyButton: Locator;
  readonly applyReasons: Locator;
  readonly virtualServiceDiff: Locator;
  readonly destinationRuleDiff: Locator;
  readonly dryRunValid: Locator;

  constructor(readonly page: Page) {
    this.kind = page.getByRole('combobox', { name: 'What to create' });
    this.reviewButton = page.getByRole('button', { name: 'Review changes' });
    this.applyButton = page.getByRole('button', { name: 'Apply', exact: true });
    this.applyReasons = page.getByRole('list', { name: 'Why Apply is disabled' });
    this.virtualServiceDiff = page.getByLabel('VirtualService to create');
    this.destinationRuleDiff = page.getByLabel('DestinationRule to create');
    this.dryRunValid = page.getByRole('region', { name: 'Review' }).getByText('✓ Valid');
  }

  /** Clicks the node in the graph, then the wizard's link in the side panel; waits for the wizard. */
  async openFromGraph(graph: GraphPage, nodeName: string, link: WizardTitle, service: string): Promise<void> {
    await graph.click(await graph.node(nodeName));
    await graph.details.getByRole('link', { name: link }).click();
    await this.heading(link === 'Create traffic shift' ? 'Traffic shift' : link, service).waitFor();
  }

  heading(title: string, service: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: `${title} for ${service}` });
  }

  /** The `kind` parameter of the page's URL (null: the traffic shift). */
  kindParam(): string | null {
    return new URL(this.page.url()).searchParams.get('kind');
  }

  text(label: string): Locator {
    return this.page.getByRole('textbox', { name: label, exact: true });
  }

  number(label: string): Locator {
    return this.page.getByRole('spinbutton', { name: label, exact: true });
  }

  select(label: string): Locator {
    return this.page.getByRole('combobox', { name: label, exact: true });
  }

  checkbox(label: string): Locator {
    return this.page.getByRole('checkbox', { name: label, exact: true });
  }

  /** A field's error message, as shown under it. */
  fieldError(label: string): Locator {
    return this.page
      .locator('label.field')
      .filter({ has: this.page.getByText(label, { exact: true }) })
      .getByRole('alert');
  }

  /** Types each version's weight, e.g. `{v1: 100, v2: 0, v3: 0}`. */
  async setWeights(weights: Record<string, number>): Promise<void> {
    for (const [version, weight] of Object.entries(weights)) {
      await this.number(`Weight of ${version}`).fill(String(weight));
    }
  }

  /** Runs the dry run and waits for the VirtualService's diff. */
  async review(): Promise<void> {
    await this.reviewButton.click();
    await this.virtualServiceDiff.waitFor();
  }

  /** The weights' total line ("Total 100 %"). */
  get weightsTotal(): Locator {
    return this.page.getByRole('group', { name: 'Weights' }).getByRole('status');
  }

  lock(version: string): Locator {
    return this.page.getByRole('button', { name: `Lock weight of ${version}` });
  }

  /** What the wizard says once it wrote its objects. */
  get created(): Locator {
    return this.page.getByRole('status', { name: 'Created' });
  }

  /** Creates the objects, waits for the confirmation, and follows its link to the new VirtualService's editor. */
  async apply(service: string): Promise<void> {
    await this.applyButton.click();
    await this.created.waitFor();
    await this.created.getByRole('link', { name: `Open VirtualService ${service}` }).click();
    await this.page.getByRole('heading', { level: 1, name: service, exact: true }).waitFor();
  }
}
