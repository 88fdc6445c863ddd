import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** `/workloads`, `/applications` and their details pages, by roles and accessible names. */
export class WorkloadsPage extends AppPage {
  readonly filter: Locator;
  readonly tabs: Locator;
  readonly pods: Locator;
  readonly istioConfig: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.filter = page.getByRole('searchbox', { name: 'Filter' });
    this.tabs = page.getByRole('tablist', { name: 'Sections' });
    this.pods = page.getByRole('table', { name: 'Pods' });
    this.istioConfig = page.getByRole('table', { name: 'Istio config' });
  }

  /** The list table of `/workloads` ("Workloads") or `/applications` ("Applications"). */
  table(kind: 'Workloads' | 'Applications'): Locator {
    return this.page.getByRole('table', { name: kind, exact: true });
  }

  async openList(kind: 'workloads' | 'applications', query = 'namespaces=bookinfo'): Promise<void> {
    await this.page.goto(`${this.baseUrl}/${kind}${query ? `?${query}` : ''}`);
    await this.table(kind === 'workloads' ? 'Workloads' : 'Applications').waitFor();
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  row(kind: 'Workloads' | 'Applications', name: string): Locator {
    return this.table(kind)
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  rowNames(kind: 'Workloads' | 'Applications'): Promise<string[]> {
    return this.table(kind).getByRole('rowheader').allInnerTexts();
  }

  sortBy(kind: 'Workloads' | 'Applications', column: string): Promise<void> {
    return this.table(kind)
      .getByRole('columnheader')
      .getByRole('button', { name: column, exact: true })
      .click();
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  tab(name: string): Locator {
    return this.tabs.getByRole('tab', { name, exact: true });
  }

  slot(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }
}
