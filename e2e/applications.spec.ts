import { kubectl } from '@sextant/testkit';
import { screenshotsLightDark } from '@sextant/testkit/screenshots';
import type { Core } from 'cytoscape';
import { describe, expect, it, vi } from 'vitest';
import { LogsPage } from './pages/LogsPage.ts';
import { MetricsDashboardPage } from './pages/MetricsDashboardPage.ts';
import { OverviewPage } from './pages/OverviewPage.ts';
import { WorkloadsPage } from './pages/WorkloadsPage.ts';
import { e2eStack } from './support/e2eStack.ts';

const BOOKINFO_WORKLOADS = [
  'details-v1',
  'mongodb-v1',
  'productpage-v1',
  'ratings-v1',
  'reviews-v1',
  'reviews-v2',
  'reviews-v3',
];

/**
 * The Applications and Workloads lists and details, as a Kiali user walks them: which workloads
 * are healthy and why, sort and filter kept in the URL, one workload's pods, config and traffic,
 * and the way to the graph focused on it.
 */
describe('applications and workloads pages (mesh-sim bookinfo + server + Chromium)', () => {
  const e2e = e2eStack({ scrapeIntervalSeconds: 2, viewport: { width: 1400, height: 900 } });

  async function open(): Promise<WorkloadsPage> {
    return new WorkloadsPage(await e2e.newPage(), e2e.stack.urls.sextant);
  }

  it('lists bookinfo workloads with health, warnings and config; sort and filter survive a reload', async () => {
    const ui = await open();
    await ui.openList('workloads');
    expect(await ui.rowNames('Workloads')).toEqual(BOOKINFO_WORKLOADS);
    expect(
      await ui.page.getByRole('link', { name: 'Workloads', exact: true }).getAttribute('aria-current'),
    ).toBe('page');
    // Traffic reaches productpage once Prometheus has scraped twice: wait for a rate, never sleep.
    const productpage = ui.row('Workloads', 'productpage-v1');
    await productpage.getByText(/^([1-9][\d.]*|0\.\d*[1-9]\d*) req\/s$/).waitFor({ timeout: 60_000 });
    // Health in words: a status, and the reason beside it when not healthy.
    expect(await productpage.innerText()).toMatch(/Healthy|Degraded|Failure/);
    expect(await productpage.getByRole('link', { name: 'VS: bookinfo' }).getAttribute('href')).toBe(
      '/istio/bookinfo/virtualservices/bookinfo',
    );
    await screenshotsLightDark(ui, 'workloads-list');

    await ui.sortBy('Workloads', 'Name');
    await ui.sortBy('Workloads', 'Name');
    await ui.filter.fill('reviews');
    await ui.page.waitForURL(/q=reviews/);
    expect(await ui.rowNames('Workloads')).toEqual(['reviews-v3', 'reviews-v2', 'reviews-v1']);
    expect(new URL(ui.page.url()).searchParams.get('sort')).toBe('-name');
    await ui.page.reload();
    await ui.table('Workloads').waitFor();
    expect(await ui.rowNames('Workloads')).toEqual(['reviews-v3', 'reviews-v2', 'reviews-v1']);
    expect(await ui.filter.inputValue()).toBe('reviews');
    expect(await ui.page.getByText('3 of 7 rows').count()).toBe(1);

    // Every namespace: the unmeshed client in `default` warns that it has no sidecar.
    await ui.openList('workloads', '');
    const sleep = ui.row('Workloads', 'sleep');
    await sleep.waitFor();
    expect(await sleep.innerText()).toContain('No sidecar');
  });

  it('lists applications grouped by app label, then opens one with its workloads and pods', async () => {
    const ui = await open();
    await ui.openList('applications');
    expect(await ui.rowNames('Applications')).toEqual([
      'details',
      'mongodb',
      'productpage',
      'ratings',
      'reviews',
    ]);
    expect(await ui.row('Applications', 'reviews').innerText()).toMatch(/v1\s*v2\s*v3/);
    await screenshotsLightDark(ui, 'applications-list');

    await ui.row('Applications', 'reviews').getByRole('link', { name: 'reviews', exact: true }).click();
    await ui.heading('reviews').waitFor();
    const workloads = ui.page.getByRole('table', { name: 'Workloads' });
    await workloads.waitFor();
    expect(await workloads.getByRole('rowheader').allInnerTexts()).toEqual([
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(await ui.pods.getByRole('row').count()).toBe(4);
    await screenshotsLightDark(ui, 'application-details');
  });

  it('a workload: overview with pods and config, traffic tab, metric and log slots, and the graph focused on it', async () => {
    const ui = await open();
    await ui.goto('/services');
    await ui.page.getByRole('link', { name: 'Workloads', exact: true }).click();
    await ui.table('Workloads').waitFor();
    await ui
      .row('Workloads', 'productpage-v1')
      .getByRole('link', { name: 'productpage-v1', exact: true })
      .click();
    await ui.heading('productpage-v1').waitFor();
    expect(await ui.tab('Overview').getAttribute('aria-selected')).toBe('true');
    await ui.pods.waitFor();
    expect(await ui.pods.innerText()).toMatch(/Running[\s\S]*istio-proxy 1\.24\.0/);
    await ui.istioConfig.waitFor();
    expect(await ui.istioConfig.innerText()).toMatch(/VirtualService[\s\S]*bookinfo\/bookinfo/);
    // productpage calls details and reviews: its callees appear once traffic is scraped.
    await ui.page.getByRole('list', { name: 'Calls' }).getByText('details-v1').waitFor({ timeout: 60_000 });
    await screenshotsLightDark(ui, 'workload-details-overview');

    await ui.tab('Traffic').click();
    const inbound = ui.page.getByRole('table', { name: 'Inbound traffic' });
    await inbound.waitFor();
    expect(await inbound.innerText()).toContain('istio-ingressgateway');
    const outbound = ui.page.getByRole('table', { name: 'Outbound traffic' });
    expect(await outbound.innerText()).toMatch(/reviews-v1[\s\S]*HTTP[\s\S]*req\/s/);
    expect(new URL(ui.page.url()).searchParams.get('tab')).toBe('traffic');
    await screenshotsLightDark(ui, 'workload-details-traffic');

    await ui.page.getByRole('link', { name: 'View in graph' }).click();
    await ui.page.waitForURL(/\/graph\?/);
    const params = new URL(ui.page.url()).searchParams;
    expect(params.get('node')).toBe('workload:bookinfo:productpage-v1');
  });

  // Before the other scaling test: its failures would stay in the Overview's window for two minutes.
  it('journey: Overview -> failing bookinfo -> productpage-v1 -> its inbound metrics -> its logs with the 503s -> the graph focused on it, all by clicks', async () => {
    const kube = e2e.stack.kubeconfig;
    await kubectl(kube, ['-n', 'bookinfo', 'scale', 'deployment/details-v1', '--replicas=0']);
    try {
      const page = await e2e.newPage();
      const url = e2e.stack.urls.sextant;
      const overview = new OverviewPage(page, url);
      await overview.open();
      const card = overview.card('bookinfo');
      await overview.reloadUntil(async () =>
        (await card.innerText()).includes('details-v1: scaled to 0 replicas'),
      );
      await card.getByText('Failing', { exact: true }).waitFor();

      await card.getByRole('link', { name: 'Workloads' }).first().click();
      const ui = new WorkloadsPage(page, url);
      await ui.table('Workloads').waitFor();
      expect(new URL(page.url()).searchParams.get('namespaces')).toBe('bookinfo');
      // One health rule: the list agrees with the Overview. details-v1 is not ready, and
      // productpage-v1, whose calls to it fail, is failing (the list polls every 10 s).
      await vi.waitFor(
        async () => {
          expect(await ui.row('Workloads', 'productpage-v1').innerText()).toMatch(
            /Failure[\s\S]*outbound HTTP requests got 5xx/,
          );
          // Not Ready, or Degraded while the window still holds its last stray errors: scaled to 0 either way.
          expect(await ui.row('Workloads', 'details-v1').innerText()).toContain(
            'details-v1: scaled to 0 replicas',
          );
        },
        { timeout: 30_000, interval: 1_000 },
      );
      await screenshotsLightDark(ui, 'journey-workloads-failing');
      await ui
        .row('Workloads', 'productpage-v1')
        .getByRole('link', { name: 'productpage-v1', exact: true })
        .click();
      await ui.heading('productpage-v1').waitFor();

      await ui.tab('Inbound metrics').click();
      const metrics = new MetricsDashboardPage(page);
      await metrics.waitForPoints('Request volume', 4);
      await screenshotsLightDark(ui, 'journey-workload-inbound-metrics');

      // productpage's sidecar logs its calls to details failing: 503 with flag UH (no healthy upstream).
      await ui.tab('Logs').click();
      const logs = new LogsPage(page, url);
      await logs.chooseContainer('istio-proxy');
      await logs.follow.click();
      await logs.requestRows().filter({ hasText: 'UH' }).first().waitFor({ timeout: 60_000 });
      expect(await logs.codes()).toContain('503');
      await screenshotsLightDark(ui, 'journey-workload-logs');

      await page.getByRole('link', { name: 'View in graph' }).click();
      await page.waitForURL(/\/graph\?/);
      expect(new URL(page.url()).searchParams.get('node')).toBe('workload:bookinfo:productpage-v1');
    } finally {
      await kubectl(kube, ['-n', 'bookinfo', 'scale', 'deployment/details-v1', '--replicas=1']);
    }
  });

  it('a workload scaled to 0 with kubectl shows its health and the reason in words', async () => {
    const ui = await open();
    await kubectl(e2e.stack.kubeconfig, ['-n', 'bookinfo', 'scale', 'deployment/ratings-v1', '--replicas=0']);
    try {
      await ui.openList('workloads');
      const ratings = ui.row('Workloads', 'ratings-v1');
      await ratings.getByText('ratings-v1: scaled to 0 replicas').waitFor({ timeout: 30_000 });
      // Scaled to 0 is "Not Ready" (Kiali's rule); errors still in the window may make it worse.
      expect(await ratings.innerText()).toMatch(/Not Ready|Degraded|Failure/);
      expect(await ratings.innerText()).not.toMatch(/\bHealthy\b/);
      await screenshotsLightDark(ui, 'workloads-list-scaled-to-zero');

      await ratings.getByRole('link', { name: 'ratings-v1', exact: true }).click();
      await ui.heading('ratings-v1').waitFor();
      await ui.page.getByText('ratings-v1: scaled to 0 replicas').waitFor();
      await ui.page.getByText('No pods: the workload is scaled to 0').waitFor();
      await screenshotsLightDark(ui, 'workload-details-scaled-to-zero');
    } finally {
      await kubectl(e2e.stack.kubeconfig, [
        '-n',
        'bookinfo',
        'scale',
        'deployment/ratings-v1',
        '--replicas=1',
      ]);
    }
  });

  it("a workload's page draws its callers and callees as a node graph; a click opens a peer's page", async () => {
    const ui = await open();
    await ui.goto('/namespaces/bookinfo/workloads/reviews-v2');
    await ui.heading('reviews-v2').waitFor();
    const graph = ui.page.getByTestId('node-graph');
    // productpage-v1 calls it, it calls ratings-v1: both appear once Prometheus has their rates.
    // (Right after the test above scaled ratings-v1 to 0, the ratings service, which answered
    // those calls with 503, is a callee too for the 2-minute window.)
    await vi.waitFor(
      async () => {
        expect(await graph.getAttribute('aria-label')).toMatch(/1 caller, \d+ callees?$/);
        expect(await graph.getAttribute('data-nodes')).not.toBe('1');
        expect(
          await graph.evaluate((el) =>
            (el as HTMLElement & { __cy?: Core })
              .__cy!.getElementById('wl_Kubernetes_bookinfo_ratings-v1')
              .nonempty(),
          ),
        ).toBe(true);
      },
      { timeout: 30_000, interval: 1_000 },
    );
    const drawn = await graph.evaluate((el) => {
      const cy = (el as HTMLElement & { __cy?: Core }).__cy!;
      const subject = cy.nodes('.subject');
      return {
        nodes: cy.nodes().map((n) => n.id()),
        subject: subject.map((n) => n.id()),
        subjectBorder: subject.style('border-width'),
        edges: cy.edges().map((e) => ({
          label: String(e.data('label')),
          leftToRight: e.source().position().x < e.target().position().x,
        })),
        healthClasses: cy.nodes().map((n) => n.classes().find((c) => c.startsWith('health-'))),
        ratings: cy.getElementById('wl_Kubernetes_bookinfo_ratings-v1').renderedPosition(),
      };
    });
    expect(drawn.nodes).toEqual(
      expect.arrayContaining([
        'wl_Kubernetes_bookinfo_productpage-v1',
        'wl_Kubernetes_bookinfo_ratings-v1',
        'wl_Kubernetes_bookinfo_reviews-v2',
      ]),
    );
    expect(drawn.subject).toEqual(['wl_Kubernetes_bookinfo_reviews-v2']);
    expect(drawn.subjectBorder).toBe('5px');
    // Callers left, callees right: every edge runs left to right. Rates (and error shares, when
    // any) on the edges; every node coloured by its health.
    expect(drawn.edges.length).toBeGreaterThanOrEqual(2);
    for (const e of drawn.edges) {
      expect(e.leftToRight).toBe(true);
      expect(e.label).toMatch(/^[\d.]+ rps(\n[\d.]+% err)?$/);
    }
    for (const health of drawn.healthClasses)
      expect(health).toMatch(/^health-(healthy|degraded|failure|na)$/);
    // The lists under it carry the same peers as links; the full graph is one click away.
    expect(await ui.page.getByRole('list', { name: 'Called by' }).getByRole('link').allInnerTexts()).toEqual([
      'productpage-v1',
    ]);
    expect(await ui.page.getByRole('link', { name: 'Open in the traffic graph' }).getAttribute('href')).toBe(
      '/graph?namespaces=bookinfo&graphType=workload&node=workload:bookinfo:reviews-v2',
    );
    await screenshotsLightDark(ui, 'workload-node-graph');

    const box = (await graph.boundingBox())!;
    await ui.page.mouse.click(box.x + drawn.ratings.x, box.y + drawn.ratings.y);
    await ui.page.waitForURL(/\/namespaces\/bookinfo\/workloads\/ratings-v1$/);
    await ui.heading('ratings-v1').waitFor();
  });

  it('an unknown workload says so instead of failing', async () => {
    const ui = await open();
    await ui.goto('/namespaces/bookinfo/workloads/nope');
    await ui.page.getByRole('heading', { name: 'Workload not found' }).waitFor();
    await screenshotsLightDark(ui, 'workload-not-found');
  });
});
