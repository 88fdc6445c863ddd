import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** A workload's logs (`/namespaces/{ns}/workloads/{name}/logs`), by roles and accessible names. */
export class LogsPage extends AppPage {
  readonly toolbar: Locator;
  readonly pod: Locator;
  /** The containers side by side (a pod with a sidecar shows them as radio buttons). */
  readonly containers: Locator;
  readonly follow: Locator;
  readonly search: Locator;
  readonly accessLog: Locator;
  readonly lines: Locator;
  readonly status: Locator;

  constructor(
    page: Page,
    private readonly baseUrl: string,
  ) {
    super(page);
    this.toolbar = page.getByRole('toolbar', { name: 'Log options' });
    this.pod = this.toolbar.getByLabel('Pod');
    this.containers = this.toolbar.getByRole('radiogroup', { name: 'Container' });
    this.follow = this.toolbar.getByRole('button', { name: /^Follow/ });
    this.search = this.toolbar.getByRole('searchbox');
    this.accessLog = page.getByRole('table', { name: 'Access log' });
    this.lines = page.getByRole('list', { name: 'Log lines' });
    this.status = page.locator('.logs-status');
  }

  async open(namespace: string, workload: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/namespaces/${namespace}/workloads/${workload}/logs`);
    await this.heading(workload).waitFor();
  }

  /** Picks a container by its name (`istio-proxy` is labelled "istio-proxy (access log)"). */
  async chooseContainer(name: string): Promise<void> {
    await this.containers.getByRole('radio', { name: new RegExp(`^${name}( \\(|$)`) }).check();
  }

  /** The chosen container's name. */
  async chosenContainer(): Promise<string> {
    return this.containers.getByRole('radio', { checked: true }).inputValue();
  }

  heading(workload: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: `Logs of ${workload}` });
  }

  /** The access log's rows that parsed as requests (they carry their response code). */
  requestRows(): Locator {
    return this.accessLog.locator('tbody tr[data-code]');
  }

  /** The response codes shown, top to bottom. */
  async codes(): Promise<string[]> {
    return this.accessLog.locator('tbody tr[data-code] .logs-code').allInnerTexts();
  }
}
