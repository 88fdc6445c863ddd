import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** The Mesh page at `/mesh`: control plane, gateways, mesh-wide mTLS and config totals. */
export class MeshPage extends AppPage {
  readonly heading: Locator;
  readonly controlPlane: Locator;
  readonly gateways: Locator;
  readonly mtls: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Mesh' });
    this.controlPlane = page.getByRole('table', { name: 'Control plane' });
    this.gateways = page.getByRole('table', { name: 'Gateways' });
    this.mtls = page.getByRole('region', { name: 'Mesh-wide mTLS' });
  }

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/mesh`);
    await this.heading.waitFor();
  }

  component(table: Locator, name: string): Locator {
    return table.getByRole('row', { name: new RegExp(name) });
  }
}
