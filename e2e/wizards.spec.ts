import { afterEach, describe, expect, it } from 'vitest';
import { ChangesPage } from './pages/ChangesPage.ts';
import { GraphPage } from './pages/GraphPage.ts';
import { IstioConfigPage } from './pages/IstioConfigPage.ts';
import { VirtualServiceFormPage } from './pages/VirtualServiceFormPage.ts';
import { WizardPage, type WizardTitle } from './pages/WizardPage.ts';
import { e2eStack } from './support/e2eStack.ts';
import { getObject, kubectl } from '@sextant/testkit';
import { screenshotsLightDark } from '@sextant/testkit/screenshots';

interface IstioObject {
  metadata: { name: string };
  spec: Record<string, unknown>;
}

const subsets = (...versions: string[]) => versions.map((v) => ({ name: v, labels: { version: v } }));

describe('routing wizards from the graph (mesh-sim bookinfo + Prometheus + server + Chromium)', () => {
  const e2e = e2eStack({ scrapeIntervalSeconds: 2 });
  /** Objects a test created, deleted after it so the tests stay independent. */
  let created: { kind: string; name: string }[] = [];

  afterEach(async () => {
    for (const { kind, name } of created) {
      await kubectl(e2e.stack.kubeconfig, ['delete', kind, name, '-n', 'bookinfo', '--ignore-not-found']);
    }
    created = [];
  });

  const get = (kind: string, name: string) =>
    getObject<IstioObject>(e2e.stack.kubeconfig, kind, 'bookinfo', name);

  /** A page with the bookinfo graph drawn, the wizard of `node` opened from its side panel. */
  async function openWizard(node: string, link: WizardTitle, service: string) {
    const page = await e2e.newPage();
    const graph = new GraphPage(page, e2e.stack.urls.sextant);
    await graph.open('namespaces=bookinfo');
    await graph.waitForDrawing();
    await graph.settle();
    const wizard = new WizardPage(page);
    await wizard.openFromGraph(graph, node, link, service);
    created.push({ kind: 'virtualservice', name: service }, { kind: 'destinationrule', name: service });
    return { page, wizard, ui: new IstioConfigPage(page, e2e.stack.urls.sextant) };
  }

  /** When the server recorded the newest `operation` of the reviews `objectKind` (unix seconds). */
  async function changeTime(objectKind: string, operation: 'create' | 'update'): Promise<number> {
    let time: number | undefined;
    await expect
      .poll(
        async () => {
          const url = `${e2e.stack.urls.sextant}/api/changes?namespaces=bookinfo&limit=20`;
          const body = (await (await fetch(url)).json()) as {
            changes: { time: number; objectKind: string; name: string; operation: string }[];
          };
          time = body.changes.find(
            (c) => c.objectKind === objectKind && c.name === 'reviews' && c.operation === operation,
          )?.time;
          return time;
        },
        { timeout: 30_000 },
      )
      .toBeDefined();
    return time! / 1000;
  }

  /** One instant PromQL value (NaN when the result is empty). */
  async function promValue(query: string): Promise<number> {
    const url = `${e2e.stack.urls.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`;
    const body = (await (await fetch(url)).json()) as { data: { result: { value: [number, string] }[] } };
    return Number(body.data.result[0]?.value[1] ?? NaN);
  }

  it('route by header: end-user jason to v2, everything else to v1 (kind in the URL, VS + DR)', async () => {
    const { page, wizard, ui } = await openWizard('reviews v1', 'Route by header', 'reviews');
    expect(wizard.kindParam()).toBe('header');
    // Nothing typed yet: the value is named as missing, at the field and under Apply.
    expect(await wizard.fieldError('Header value').innerText()).toContain('enter the value to match');
    expect(await wizard.applyReasons.innerText()).toContain('Header value: enter the value to match');
    await wizard.text('Header value').fill('jason');
    await wizard.select('Route matching requests to').selectOption('v2');

    // The kind is in the URL, and switching keeps what was typed for the others.
    await wizard.kind.selectOption({ label: 'Inject fault' });
    await wizard.heading('Inject fault', 'reviews').waitFor();
    expect(wizard.kindParam()).toBe('fault');
    await wizard.kind.selectOption({ label: 'Route by header' });
    await wizard.heading('Route by header', 'reviews').waitFor();
    expect(wizard.kindParam()).toBe('header');
    expect(await wizard.text('Header value').inputValue()).toBe('jason');
    // A reload lands on the same wizard.
    await page.reload();
    await wizard.heading('Route by header', 'reviews').waitFor();
    await wizard.text('Header value').fill('jason');
    await wizard.select('Route matching requests to').selectOption('v2');
    await wizard.setWeights({ v1: 100, v2: 0, v3: 0 });

    await wizard.review();
    await wizard.dryRunValid.waitFor();
    expect(await wizard.destinationRuleDiff.innerText()).toMatch(/name: v2/);
    expect(await wizard.virtualServiceDiff.innerText()).toMatch(/end-user:[\s\S]*exact: jason/);
    await screenshotsLightDark(ui, 'wizard-header');
    await wizard.apply('reviews');

    expect((await get('virtualservice', 'reviews')).spec).toEqual({
      hosts: ['reviews'],
      http: [
        {
          match: [{ headers: { 'end-user': { exact: 'jason' } } }],
          route: [{ destination: { host: 'reviews', subset: 'v2' } }],
        },
        { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
      ],
    });
    expect((await get('destinationrule', 'reviews')).spec).toEqual({
      host: 'reviews',
      subsets: subsets('v1', 'v2', 'v3'),
    });
  });

  it('inject fault: abort 50 % of ratings with 503; the error rate of calls to ratings rises to about 50 %', async () => {
    const { wizard, ui } = await openWizard('ratings v1', 'Inject fault', 'ratings');
    expect(wizard.kindParam()).toBe('fault');
    await wizard.checkbox('Inject delay').uncheck();
    // Neither part chosen: the wizard says so.
    expect(await wizard.applyReasons.innerText()).toContain('Choose a delay, an abort, or both');
    await wizard.checkbox('Inject abort').check();
    await wizard.number('Abort %').fill('150');
    expect(await wizard.fieldError('Abort %').innerText()).toContain('a number from 0 to 100');
    expect(await wizard.reviewButton.isDisabled()).toBe(true);
    await wizard.number('Abort %').fill('50');
    await wizard.number('Abort HTTP status').fill('503');

    await wizard.review();
    await wizard.dryRunValid.waitFor();
    expect(await wizard.virtualServiceDiff.innerText()).toMatch(/httpStatus: 503/);
    await screenshotsLightDark(ui, 'wizard-fault');
    await wizard.apply('ratings');

    expect((await get('virtualservice', 'ratings')).spec).toEqual({
      hosts: ['ratings'],
      http: [
        {
          fault: { abort: { percentage: { value: 50 }, httpStatus: 503 } },
          route: [{ destination: { host: 'ratings', subset: 'v1' } }],
        },
      ],
    });
    expect((await get('destinationrule', 'ratings')).spec).toEqual({
      host: 'ratings',
      subsets: subsets('v1'),
    });

    // What the callers' proxies report: about half of the calls to ratings now fail with 503.
    const errorShare =
      'sum(rate(istio_requests_total{reporter="source",destination_service_name="ratings",response_code="503"}[10s]))' +
      ' / sum(rate(istio_requests_total{reporter="source",destination_service_name="ratings"}[10s]))';
    await expect.poll(() => promValue(errorShare), { timeout: 90_000, interval: 2_000 }).toBeGreaterThan(0.4);
    const share = await promValue(errorShare);
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);

    // The graph shows it too: once its 1m window holds only traffic after the fault, the edges
    // from reviews into ratings read about 50 % errors, and ratings carries the fault badge.
    const graph = new GraphPage(ui.page, e2e.stack.urls.sextant);
    await graph.open('namespaces=bookinfo&refresh=10s');
    await graph.waitForDrawing();
    const errorPercent = async (from: string) =>
      Number(/([\d.]+)% err/.exec((await graph.edge(from, 'ratings'))?.label ?? '')?.[1] ?? NaN);
    await expect
      .poll(async () => [await errorPercent('reviews v2'), await errorPercent('reviews v3')], {
        timeout: 150_000,
        interval: 2_000,
      })
      .toSatisfy((pcts: number[]) => pcts.every((p) => p > 38 && p < 62));
    expect((await graph.node('ratings')).badges).toEqual(expect.arrayContaining(['FI']));
    await graph.settle();
    await screenshotsLightDark(ui, 'wizard-fault-graph');
  });

  it('inject fault: a 2 s delay on half of the calls to details shows in its latency', async () => {
    const { wizard } = await openWizard('details v1', 'Inject fault', 'details');
    await wizard.number('Delay %').fill('50');
    await wizard.text('Fixed delay').fill('2 s');
    expect(await wizard.fieldError('Fixed delay').innerText()).toContain('a duration like 5s');
    await wizard.text('Fixed delay').fill('2s');
    await wizard.review();
    await wizard.dryRunValid.waitFor();
    await wizard.apply('details');
    expect((await get('virtualservice', 'details')).spec).toEqual({
      hosts: ['details'],
      http: [
        {
          fault: { delay: { percentage: { value: 50 }, fixedDelay: '2s' } },
          route: [{ destination: { host: 'details', subset: 'v1' } }],
        },
      ],
    });
    expect((await get('destinationrule', 'details')).spec).toEqual({
      host: 'details',
      subsets: subsets('v1'),
    });
    const p90 =
      'histogram_quantile(0.9, sum by (le) (rate(istio_request_duration_milliseconds_bucket' +
      '{reporter="source",destination_service_name="details"}[10s])))';
    await expect.poll(() => promValue(p90), { timeout: 90_000, interval: 2_000 }).toBeGreaterThan(1000);
  });

  it('set timeout: 2 s with 3 retries on reviews, weights across its versions', async () => {
    const { wizard, ui } = await openWizard('reviews v1', 'Set timeout', 'reviews');
    expect(wizard.kindParam()).toBe('timeout');
    await wizard.text('Timeout').fill('2');
    expect(await wizard.fieldError('Timeout').innerText()).toContain('a duration like 10s');
    await wizard.text('Timeout').fill('2s');
    await wizard.checkbox('Retry failed requests').check();
    await wizard.number('Retry attempts').fill('3');
    await wizard.text('Per-try timeout').fill('500ms');
    await wizard.text('Retry on').fill('5xx,connect-failure');
    // One weight typed: the unlocked others share the rest (80/10/10, never 80/33/33), the total shows.
    await wizard.number('Weight of v1').fill('80');
    expect(await wizard.number('Weight of v2').inputValue()).toBe('10');
    expect(await wizard.number('Weight of v3').inputValue()).toBe('10');
    expect(await wizard.weightsTotal.innerText()).toContain('100 %');
    expect(await wizard.lock('v1').getAttribute('aria-pressed')).toBe('true');
    await wizard.setWeights({ v1: 50, v2: 0, v3: 50 });
    // Every row set by hand is locked: a total off 100 is shown and refused, not silently fixed.
    await wizard.number('Weight of v3').fill('60');
    expect(await wizard.weightsTotal.innerText()).toContain('110 %');
    expect(await wizard.applyReasons.innerText()).toContain('Weights sum to 110, not 100');
    await wizard.number('Weight of v3').fill('50');

    await wizard.review();
    await wizard.dryRunValid.waitFor();
    expect(await wizard.virtualServiceDiff.innerText()).toMatch(/timeout: 2s/);
    await screenshotsLightDark(ui, 'wizard-timeout');
    // Apply confirms what it wrote, with the way on: the graph focused on the service, the objects.
    await wizard.applyButton.click();
    await wizard.created.waitFor();
    expect(await wizard.created.innerText()).toMatch(
      /Created 2 objects in bookinfo[\s\S]*DestinationRule reviews[\s\S]*VirtualService reviews/,
    );
    expect(
      await wizard.created.getByRole('link', { name: 'View reviews in the graph' }).getAttribute('href'),
    ).toBe('/graph?namespaces=bookinfo&node=service%3Abookinfo%3Areviews');
    await screenshotsLightDark(ui, 'wizard-created');
    await wizard.created.getByRole('link', { name: 'Open VirtualService reviews' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'reviews', exact: true }).waitFor();

    expect((await get('virtualservice', 'reviews')).spec).toEqual({
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
            { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
          ],
          timeout: '2s',
          retries: { attempts: 3, perTryTimeout: '500ms', retryOn: '5xx,connect-failure' },
        },
      ],
    });
    expect((await get('destinationrule', 'reviews')).spec).toEqual({
      host: 'reviews',
      subsets: subsets('v1', 'v2', 'v3'),
    });
  });
  // What the wizards make is refined in the VirtualService form; its routes share one destinations table.
  it('the form: a TCP destination added takes an even share; a method kind without a value is named at its field and blocks Apply', async () => {
    await kubectl(
      e2e.stack.kubeconfig,
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'form-checks', namespace: 'bookinfo' },
        spec: {
          hosts: ['ratings'],
          http: [{ match: [{ uri: { prefix: '/ratings' } }], route: [{ destination: { host: 'ratings' } }] }],
          tcp: [{ route: [{ destination: { host: 'mongodb', port: { number: 27017 } } }] }],
        },
      }),
    );
    created.push({ kind: 'virtualservice', name: 'form-checks' });
    const ui = new IstioConfigPage(await e2e.newPage(), e2e.stack.urls.sextant);
    const form = new VirtualServiceFormPage(ui.page);
    await ui.openObject('bookinfo', 'virtualservices', 'form-checks');

    await form.addDestination('TCP', 1).click();
    expect(await form.weight('TCP', 1, 1).inputValue()).toBe('50');
    expect(await form.weight('TCP', 1, 2).inputValue()).toBe('50');

    await form.matchKind(1, 1, 'Method').selectOption('exact');
    await expect
      .poll(() => form.errorOf(form.matchValue(1, 1, 'Method')))
      .toContain('HTTP route 1, match 1: the method needs a value');
    await screenshotsLightDark(ui, 'vs-form-empty-method');
    // What the object cannot carry yet blocks Apply, even after a dry run of the rest.
    await ui.reviewButton.click();
    await ui.diff.waitFor();
    expect(await ui.applyButton.isDisabled()).toBe(true);
    expect(await ui.applyReasons.innerText()).toContain('HTTP route 1, match 1: the method needs a value');
    await form.matchValue(1, 1, 'Method').fill('GET');
    await expect.poll(() => form.errorOf(form.matchValue(1, 1, 'Method'))).toBe('');

    await ui.reviewButton.click();
    await ui.diff.waitFor();
    await expect.poll(() => ui.applyButton.isEnabled()).toBe(true);
    await ui.applyButton.click();
    await ui.savedNotice.waitFor();
    const vs = await get('virtualservice', 'form-checks');
    expect(vs.spec).toEqual({
      hosts: ['ratings'],
      http: [
        {
          match: [{ uri: { prefix: '/ratings' }, method: { exact: 'GET' } }],
          route: [{ destination: { host: 'ratings' } }],
        },
      ],
      tcp: [
        {
          route: [
            { destination: { host: 'mongodb', port: { number: 27017 } }, weight: 50 },
            { destination: { host: 'mongodb' }, weight: 50 },
          ],
        },
      ],
    });
  });

  it("the Changes page: a shift made with the wizard is the user's, a fault made with kubectl is seen, both with diffs", async () => {
    // The replay below steps through 5 s frames: the shift goes in once a frame boundary has passed
    // since the tests before cleaned up (so the frame before it shows no route), the fault once the
    // shift's frame has passed.
    const begun = Date.now() / 1000;
    const { page, wizard } = await openWizard('reviews v1', 'Create traffic shift', 'reviews');
    await wizard.setWeights({ v1: 50, v2: 0, v3: 50 });
    await wizard.review();
    await wizard.dryRunValid.waitFor();
    await expect
      .poll(() => Date.now() / 1000, { timeout: 15_000, interval: 250 })
      .toBeGreaterThan(Math.ceil(begun / 5) * 5 + 1);
    await wizard.apply('reviews');
    const shiftedAt = await changeTime('VirtualService', 'create');
    await expect
      .poll(() => Date.now() / 1000, { timeout: 15_000, interval: 250 })
      .toBeGreaterThan(Math.ceil(shiftedAt / 5) * 5 + 1);
    const fault = [
      {
        op: 'add',
        path: '/spec/http/0/fault',
        value: { abort: { percentage: { value: 50 }, httpStatus: 503 } },
      },
    ];
    await kubectl(e2e.stack.kubeconfig, [
      'patch',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
      '--type=json',
      '-p',
      JSON.stringify(fault),
    ]);

    const changes = new ChangesPage(page, e2e.stack.urls.sextant);
    await changes.open('namespaces=bookinfo&range=3600');
    // Newest first: the kubectl fault, then the wizard's route and rule (in either order).
    await expect
      .poll(async () => (await changes.changes()).slice(0, 3).sort(), { timeout: 30_000 })
      .toEqual([
        'DestinationRule reviews created in bookinfo',
        'VirtualService reviews changed in bookinfo',
        'VirtualService reviews created in bookinfo',
      ]);
    expect((await changes.changes())[0]).toBe('VirtualService reviews changed in bookinfo');
    const newest = changes.item(0);
    expect(await newest.innerText()).toContain('seen in the cluster (kubectl or another client)');
    expect(await newest.innerText()).toContain('spec.http[0].fault');
    const created = changes.timeline
      .getByRole('listitem', { name: 'VirtualService reviews created in bookinfo' })
      .first();
    expect(await created.innerText()).toContain('by anonymous through Sextant');

    const diff = await changes.openDiff(0);
    expect(diff).toMatch(/\+\s*fault:/);
    expect(diff).toMatch(/\+\s*httpStatus: 503/);
    expect(changes.page.url()).toMatch(/change=\d+/);
    // The service's traffic before the change and since.
    await expect
      .poll(() => newest.getByLabel('Traffic of reviews around the change').innerText(), { timeout: 30_000 })
      .toMatch(/before\s*[\d.]+ rps, [\d.]+% errors[\s\S]*since then[\s\S]*rps/);
    await screenshotsLightDark(changes, 'changes');

    // The change marked on the service's metrics charts, listed with a link to its diff.
    await page.goto(`${e2e.stack.urls.sextant}/namespaces/bookinfo/services/reviews?tab=inbound-metrics`);
    const marked = page.getByRole('group', { name: 'Config changes in this window' });
    // This test's three and those of the tests before it in this file, all within the window.
    await expect
      .poll(() => marked.innerText(), { timeout: 30_000 })
      .toMatch(/\d+ config changes in this window/);
    expect(await marked.innerText()).toContain('VirtualService reviews changed');
    const mostMarkers = () =>
      page
        .locator('.ts-chart')
        .evaluateAll((charts) => Math.max(0, ...charts.map((c) => Number(c.getAttribute('data-markers')))));
    await expect.poll(mostMarkers, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await screenshotsLightDark(changes, 'changes-markers');
    await marked.getByRole('link', { name: /VirtualService reviews changed/ }).click();
    await changes.heading.waitFor();
    // The marker's link opens that change (the newest) on the Changes page.
    expect(new URL(page.url()).searchParams.get('change')).toMatch(/^\d+$/);
    await changes
      .item(0)
      .getByLabel(/^Diff of /)
      .waitFor();

    // From a change to the graph of that moment.
    await newest.getByRole('link', { name: 'Graph: 5 minutes after' }).click();
    await page.getByRole('heading', { level: 1, name: 'Traffic graph' }).waitFor();
    expect(new URL(page.url()).searchParams.get('queryTime')).toMatch(/^\d+$/);
    // The graph of that moment: the reviews service's sparklines mark the changes too.
    const graph = new GraphPage(page, e2e.stack.urls.sextant);
    await graph.waitForDrawing();
    await graph.click(await graph.node('reviews'));
    await graph.details.getByRole('heading', { name: 'reviews' }).waitFor();
    await expect
      .poll(() => graph.details.locator('svg.sparkline[data-markers]').first().getAttribute('data-markers'), {
        timeout: 30_000,
      })
      .toMatch(/^[1-9]\d*$/);

    // Replay over the last 5 minutes, across both changes: each frame has the badges of its moment.
    const faultedAt = await changeTime('VirtualService', 'update');
    await graph.page.getByRole('button', { name: 'Replay', exact: true }).click();
    await graph.replayBar.getByLabel('Over').selectOption({ label: 'Last 5 minutes' });
    await graph.waitForFrame(0);
    expect((await graph.replayFrame()).count).toBe(61);
    expect(graph.param('replay')).toMatch(/^\d+\.\.\d+$/);
    // The changes of this file's earlier tests are in the window too: this test's are the newest.
    const marker = (label: RegExp) => graph.replayBar.getByRole('button', { name: label }).last();
    await marker(/^VirtualService reviews created at /).waitFor();
    await marker(/^VirtualService reviews changed at /).waitFor();

    // The shift's marker: the first frame after it shows the shift and no fault yet.
    await marker(/^VirtualService reviews created/).click();
    const afterShift = await graph.replayFrame();
    expect(afterShift.time).toBeGreaterThanOrEqual(shiftedAt);
    expect(afterShift.time).toBeLessThan(faultedAt);
    expect(Number(graph.param('queryTime'))).toBe(afterShift.time);
    await graph.waitForFrame(afterShift.index);
    await expect.poll(() => graph.badges('reviews'), { timeout: 15_000 }).toEqual(['TS', 'VS']);
    // A frame back: before the route existed.
    await graph.replayBar.getByRole('button', { name: 'Previous frame' }).click();
    await graph.waitForFrame(afterShift.index - 1);
    await expect.poll(() => graph.badges('reviews'), { timeout: 15_000 }).toEqual([]);
    // The fault's marker: shift and fault.
    await marker(/^VirtualService reviews changed/).click();
    const afterFault = await graph.replayFrame();
    expect(afterFault.time).toBeGreaterThanOrEqual(faultedAt);
    await graph.waitForFrame(afterFault.index);
    await expect.poll(() => graph.badges('reviews'), { timeout: 15_000 }).toEqual(['FI', 'TS', 'VS']);
    await screenshotsLightDark(graph, 'graph-replay');

    // Play from a few frames before the shift: the frames advance by themselves, and pause stops them.
    const from = afterShift.index - 4;
    await graph.replayBar.getByLabel('Replay position').fill(String(from));
    await graph.waitForFrame(from);
    await graph.replayBar.getByRole('button', { name: 'Play' }).click();
    await expect
      .poll(async () => (await graph.replayFrame()).index, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(from + 2);
    await graph.replayBar.getByRole('button', { name: 'Pause' }).click();
    const paused = await graph.replayFrame();
    // A reload opens the same frame of the same replay.
    await page.reload();
    await graph.waitForFrame(paused.index);
    expect((await graph.replayFrame()).time).toBe(paused.time);
    // Back to live: the timeline goes, the graph is today's.
    await graph.replayBar.getByRole('button', { name: 'Back to live' }).click();
    await graph.replayBar.waitFor({ state: 'detached' });
    expect(graph.param('replay')).toBeNull();
    expect(graph.param('queryTime')).toBeNull();
  });
});
