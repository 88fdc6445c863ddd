import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** The Services list (`/services`) and one Service's page, by roles and accessible names. */
export class ServicesPage extends AppPage {
  readonly listHeading: Locator;
  readonly table: Locator;
  readonly actions: Locator;
  readonly routing: Locator;
  readonly routingTable: Locator;
  readonly workloads: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.listHeading = page.getByRole('heading', { level: 1, name: 'Services' });
    this.table = page.getByRole('table', { name: 'Services' });
    this.actions = page.getByRole('group', { name: 'Actions' });
    this.routing = page.getByRole('region', { name: 'Routing' });
    this.routingTable = page.getByRole('table', { name: 'Routing config' });
    this.workloads = page.getByRole('table', { name: 'Workloads' });
  }

  async openList(query = 'namespaces=bookinfo'): Promise<void> {
    await this.page.goto(`${this.baseUrl}/services${query ? `?${query}` : ''}`);
    await this.table.waitFor();
  }

  /** The list row of a service (its name is the row header). */
  row(name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** Opens a service from the list and waits for its page. */
  async openService(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name, exact: true }).click();
    await this.heading(name).waitFor();
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  action(name: string): Locator {
    return this.actions.getByRole('link', { name, exact: true });
  }

  /** A row of the Routing table, by kind and name. */
  routingRow(kind: 'VirtualService' | 'DestinationRule', name: string): Locator {
    return this.routingTable
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: kind, exact: true }) })
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }
}
