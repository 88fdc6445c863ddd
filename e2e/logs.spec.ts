import { kubectl } from '@sextant/testkit';
import { screenshotsLightDark } from '@sextant/testkit/screenshots';
import { describe, expect, it, vi } from 'vitest';
import { LogsPage } from './pages/LogsPage.ts';
import { e2eStack } from './support/e2eStack.ts';

/**
 * Pod logs as an SRE reads them: a workload's pods and containers, the sidecar's Envoy access log
 * in columns (mesh-sim's traffic engine writes it for the requests it plays), following it live,
 * searching it; and what the page says when there are no pods or no such workload.
 */
describe('workload logs (mesh-sim bookinfo + server + Chromium)', () => {
  const e2e = e2eStack({ viewport: { width: 1360, height: 900 } });

  async function open(workload = 'reviews-v1'): Promise<LogsPage> {
    const ui = new LogsPage(await e2e.newPage(), e2e.stack.urls.sextant);
    await ui.open('bookinfo', workload);
    return ui;
  }

  it("shows reviews-v1's app log, then its sidecar's access log in columns with response codes", async () => {
    const ui = await open();
    // kubectl's default: the app container first.
    expect(await ui.chosenContainer()).toBe('reviews');
    await ui.lines.getByRole('listitem').first().waitFor();
    expect(await ui.lines.innerText()).toMatch(/GET \/reviews\/\d -> \d{3} in \d+ ms/);
    expect(await ui.pod.inputValue()).toMatch(/^reviews-v1-/);

    await ui.chooseContainer('istio-proxy');
    await ui.requestRows().first().waitFor();
    const codes = await ui.codes();
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code).toMatch(/^\d{3}$/);
    const first = ui.requestRows().first();
    expect(await first.innerText()).toMatch(/GET\s+\/reviews\/\d\s+\d{3}/);
    expect(await first.innerText()).toContain('inbound :9080');

    // The raw line, as Envoy wrote it, on demand.
    await first.getByRole('button', { expanded: false }).click();
    const raw = ui.accessLog.locator('.logs-table__raw').first();
    expect(await raw.innerText()).toMatch(
      /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "GET \/reviews\/\d HTTP\/1\.1" \d{3} /,
    );
    await screenshotsLightDark(ui, 'logs-access-log');
  });

  it('follows: new lines arrive while the page is open', async () => {
    const ui = await open();
    await ui.chooseContainer('istio-proxy');
    await ui.requestRows().first().waitFor();
    await ui.follow.click();
    expect(await ui.follow.getAttribute('aria-pressed')).toBe('true');
    await ui.status.getByText('Live').waitFor();
    await ui.requestRows().first().waitFor();
    const lastTime = async () =>
      (await ui.requestRows().last().getByRole('button').getAttribute('title')) ?? '';
    const before = await lastTime();
    // The traffic engine writes every second: a newer line shows up at the bottom.
    await ui.page.waitForFunction(
      (t) => {
        const rows = document.querySelectorAll('table[aria-label="Access log"] tbody tr[data-code] button');
        const last = rows[rows.length - 1];
        return last !== undefined && (last.getAttribute('title') ?? '') > t;
      },
      before,
      { timeout: 15_000 },
    );
    expect(await lastTime()).not.toBe(before);
    await screenshotsLightDark(ui, 'logs-following');
  });

  it('searches: only matching lines stay, the match marked', async () => {
    const ui = await open();
    await ui.chooseContainer('istio-proxy');
    await ui.requestRows().first().waitFor();
    const all = await ui.requestRows().count();
    const path = (await ui.requestRows().first().locator('.logs-table__path').innerText()).trim();
    await ui.search.fill(path);
    await ui.page.waitForFunction(
      (n) => document.querySelectorAll('table[aria-label="Access log"] tbody tr[data-code]').length < n,
      all,
    );
    const paths = await ui.accessLog.locator('tbody tr[data-code] .logs-table__path').allInnerTexts();
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toContain(path);
    expect(await ui.accessLog.locator('mark').first().innerText()).toBe(path);
    expect(await ui.status.innerText()).toMatch(/\d+ of \d+ lines match/);
    await screenshotsLightDark(ui, 'logs-search');

    await ui.search.fill('no line has this');
    await ui.page.getByText('No line matches “no line has this”.').waitFor();
  });

  it("colors failures: a fault abort on ratings shows as 503 FI in reviews-v2's outbound lines", async () => {
    await kubectl(
      e2e.stack.kubeconfig,
      ['apply', '-f', '-'],
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings]
  http:
  - fault: {abort: {percentage: {value: 50}, httpStatus: 503}}
    route:
    - destination: {host: ratings}
`,
    );
    const ui = await open('reviews-v2');
    await ui.chooseContainer('istio-proxy');
    await ui.requestRows().first().waitFor();
    await ui.follow.click();
    const failed = ui.accessLog.locator('tbody tr[data-code="503"]').first();
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.locator('.logs-flag').allInnerTexts()).toEqual(['FI']);
    expect(await failed.locator('.logs-flag').getAttribute('title')).toBe(
      'Request aborted by fault injection',
    );
    expect(await failed.innerText()).toContain('ratings.bookinfo:9080');
    await ui.follow.click();
    await screenshotsLightDark(ui, 'logs-failures');
    await kubectl(e2e.stack.kubeconfig, ['delete', 'virtualservice', 'ratings', '-n', 'bookinfo']);
  });

  it('keeps the view in the URL: a reload shows the same pod, container, lines and search; back steps back', async () => {
    const kube = e2e.stack.kubeconfig;
    await kubectl(kube, ['scale', '-n', 'bookinfo', 'deploy/reviews-v3', '--replicas=2']);
    try {
      const ui = await open('reviews-v3');
      // The pod list follows the cluster: the second pod shows within a poll or two.
      await vi.waitFor(async () => expect(await ui.pod.locator('option').count()).toBe(2), {
        timeout: 30_000,
        interval: 500,
      });
      const second = await ui.pod.locator('option').nth(1).getAttribute('value');
      await ui.pod.selectOption(second!);
      await ui.chooseContainer('istio-proxy');
      await ui.toolbar.getByLabel('Lines').selectOption('100');
      await ui.search.fill('/reviews');
      await ui.page.waitForURL((url) => url.searchParams.get('q') === '/reviews');
      const url = new URL(ui.page.url());
      expect(Object.fromEntries(url.searchParams)).toEqual({
        pod: second,
        container: 'istio-proxy',
        tail: '100',
        q: '/reviews',
      });

      await ui.page.reload();
      await ui.heading('reviews-v3').waitFor();
      await ui.containers.waitFor();
      expect(await ui.pod.inputValue()).toBe(second);
      expect(await ui.chosenContainer()).toBe('istio-proxy');
      expect(await ui.toolbar.getByLabel('Lines').inputValue()).toBe('100');
      expect(await ui.search.inputValue()).toBe('/reviews');
      // The access log of that pod's sidecar, filtered, once the pod has served a request.
      await ui.requestRows().first().waitFor({ timeout: 30_000 });
      expect(await ui.accessLog.locator('mark').first().innerText()).toBe('/reviews');
      await screenshotsLightDark(ui, 'logs-url-restored');

      // Typing replaced the URL, each choice pushed: back undoes the lines choice (and the search
      // typed on top of it), the container stays.
      await ui.page.goBack();
      await ui.page.waitForURL((u) => !u.searchParams.has('tail'));
      expect(await ui.toolbar.getByLabel('Lines').inputValue()).toBe('500');
      expect(await ui.search.inputValue()).toBe('');
      expect(await ui.chosenContainer()).toBe('istio-proxy');
      await ui.page.goBack();
      await ui.page.waitForURL((u) => !u.searchParams.has('container'));
      expect(await ui.chosenContainer()).toBe('reviews');
      expect(await ui.pod.inputValue()).toBe(second);
    } finally {
      await kubectl(kube, ['scale', '-n', 'bookinfo', 'deploy/reviews-v3', '--replicas=1']);
    }
  });

  it('says when a workload has no pods, and when there is no such workload', async () => {
    await kubectl(e2e.stack.kubeconfig, ['scale', '-n', 'bookinfo', 'deploy/details-v1', '--replicas=0']);
    const ui = await open('details-v1');
    // The pod list follows the cluster: the scaled-down pod goes within a poll or two.
    await ui.page.getByRole('heading', { name: 'No pods' }).waitFor({ timeout: 30_000 });
    await screenshotsLightDark(ui, 'logs-no-pods');

    await ui.open('bookinfo', 'no-such-workload');
    const alert = ui.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Could not load the pods of no-such-workload');
    expect(await alert.innerText()).toContain('not found');
    await screenshotsLightDark(ui, 'logs-not-found');
  });
});
