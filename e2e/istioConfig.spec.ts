import { describe, expect, it } from 'vitest';
import type { ColorScheme } from './pages/AppPage.ts';
import { GraphPage } from './pages/GraphPage.ts';
import { IstioConfigPage } from './pages/IstioConfigPage.ts';
import { reviewsConfig } from './support/bookinfoConfig.ts';
import { e2eStack } from './support/e2eStack.ts';
import { getObject, kubectl } from '@sextant/testkit';
import { screenshotPath, screenshotsLightDark } from '@sextant/testkit/screenshots';

/** A VirtualService carrying fields the form does not model: they must survive a form edit. */
const REVIEWS_CONFIG = reviewsConfig(
  { v1: 50, v2: 50 },
  {
    corsPolicy: { allowOrigins: [{ exact: 'https://example.com' }], allowMethods: ['GET'] },
    headers: { request: { set: { 'x-sextant-test': 'kept' } } },
  },
);

interface Vs {
  metadata: { resourceVersion: string; labels?: Record<string, string> };
  spec: {
    http: {
      corsPolicy?: unknown;
      headers?: unknown;
      route: { destination: { host: string; subset?: string }; weight?: number }[];
    }[];
  };
}

describe('Istio config editor (mesh-sim bookinfo + server + Chromium)', () => {
  const e2e = e2eStack({ scrapeIntervalSeconds: 2 });
  const getVs = () => getObject<Vs>(e2e.stack.kubeconfig, 'virtualservice', 'bookinfo', 'reviews');

  async function open(colorScheme: ColorScheme = 'light'): Promise<IstioConfigPage> {
    return new IstioConfigPage(await e2e.newPage({ colorScheme }), e2e.stack.urls.sextant);
  }

  // First: the wizard creates objects, so reviews must have no VirtualService or DestinationRule yet.
  it('creates an 80/20 v1/v3 traffic shift for reviews from the graph, with dry run and diff', async () => {
    const ui = await open();
    const graph = new GraphPage(ui.page, e2e.stack.urls.sextant);
    await graph.open('namespaces=bookinfo');
    await graph.waitForDrawing();
    await graph.settle();
    await graph.click(await graph.node('reviews v1'));
    await graph.details.getByRole('link', { name: 'Create traffic shift' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Traffic shift for reviews' }).waitFor();
    await ui.page.getByRole('spinbutton', { name: 'Weight of v1' }).fill('80');
    await ui.page.getByRole('spinbutton', { name: 'Weight of v2' }).fill('0');
    await ui.page.getByRole('spinbutton', { name: 'Weight of v3' }).fill('20');
    await ui.reviewButton.click();
    await ui.page.getByLabel('VirtualService to create').waitFor();
    expect(await ui.page.getByLabel('VirtualService to create').innerText()).toMatch(
      /subset: v3\s*\n.*weight: 20/,
    );
    await ui.page.screenshot({ path: screenshotPath('istio-wizard-light'), fullPage: true });
    await ui.applyButton.click();
    await ui.page.getByRole('heading', { level: 1, name: 'reviews' }).waitFor();
    const vs = await getVs();
    const weights = Object.fromEntries(
      vs.spec.http[0]!.route.map((r) => [r.destination.subset, r.weight ?? 0]),
    );
    expect(weights).toMatchObject({ v1: 80, v3: 20 });
    expect(weights.v2 ?? 0).toBe(0);

    // The graph follows: once the 1m window holds only traffic after the shift, v2 has no edge
    // and reviews splits about 80/20 between v1 and v3.
    const after = new GraphPage(ui.page, e2e.stack.urls.sextant);
    await after.open('namespaces=bookinfo&refresh=10s');
    await after.waitForDrawing();
    const rateOf = (label: string | undefined) => Number(/([\d.]+) rps/.exec(label ?? '')?.[1] ?? NaN);
    await expect
      .poll(
        async () => {
          const v1 = rateOf((await after.edge('reviews', 'reviews v1'))?.label);
          const v3 = rateOf((await after.edge('reviews', 'reviews v3'))?.label);
          const v2 = await after.edge('reviews', 'reviews v2');
          return v2 === undefined && v1 / (v1 + v3) > 0.72 && v1 / (v1 + v3) < 0.88;
        },
        { timeout: 150_000, interval: 2_000 },
      )
      .toBe(true);
  });

  it('lists the config with kind, validity and links; filters by kind', async () => {
    await kubectl(e2e.stack.kubeconfig, ['apply', '-f', '-'], REVIEWS_CONFIG);
    for (const scheme of ['light', 'dark'] as const) {
      const ui = await open(scheme);
      await ui.openList();
      await ui.row('reviews', 'VirtualService').waitFor();
      await ui.row('reviews', 'DestinationRule').waitFor();
      expect(await ui.row('reviews', 'VirtualService').innerText()).toMatch(/Valid|Warning|Error|Info/);
      await ui.page.screenshot({ path: screenshotPath(`istio-list-${scheme}`), fullPage: true });
    }
    const ui = await open();
    await ui.openList('namespaces=bookinfo&kind=destinationrules');
    await ui.row('reviews', 'DestinationRule').waitFor();
    expect(await ui.row('reviews', 'VirtualService').count()).toBe(0);
    await ui.row('reviews', 'DestinationRule').getByRole('link', { name: 'reviews' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'reviews' }).waitFor();
    expect(new URL(ui.page.url()).pathname).toBe('/istio/bookinfo/destinationrules/reviews');
    await ui.page.getByRole('group', { name: 'DestinationRule form' }).waitFor();
    await ui.page.screenshot({ path: screenshotPath('istio-destinationrule-light'), fullPage: true });
  });

  it('edits a weight in the form, reviews the dry run and diff, applies; unmodelled fields survive', async () => {
    const ui = await open();
    await ui.openObject('bookinfo', 'virtualservices', 'reviews');
    await ui.weight(1, 1).waitFor();
    await ui.weight(1, 1).fill('80');
    await ui.weight(1, 2).fill('20');
    // Form -> YAML -> Form keeps the object whole.
    await ui.yamlTab.click();
    expect(await ui.yamlText()).toContain('x-sextant-test: kept');
    await ui.formTab.click();
    expect(await ui.weight(1, 1).inputValue()).toBe('80');
    await ui.reviewButton.click();
    await ui.diff.waitFor();
    expect(await ui.diff.innerText()).toMatch(/-\s*weight: 50[\s\S]*\+\s*weight: 80/);
    await screenshotsLightDark(ui, 'istio-form-review');
    await ui.applyButton.click();
    await ui.savedNotice.waitFor();
    const vs = await getVs();
    expect(vs.spec.http[0]!.route.map((r) => r.weight)).toEqual([80, 20]);
    expect(vs.spec.http[0]!.corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://example.com' }],
      allowMethods: ['GET'],
    });
    expect(vs.spec.http[0]!.headers).toEqual({ request: { set: { 'x-sextant-test': 'kept' } } });
  });

  it('shows a concurrent change as a conflict and re-applies my edit onto the new version', async () => {
    const ui = await open();
    await ui.openObject('bookinfo', 'virtualservices', 'reviews');
    await ui.weight(1, 1).fill('60');
    await ui.weight(1, 2).fill('40');
    // Someone else labels the object meanwhile.
    await kubectl(e2e.stack.kubeconfig, [
      'label',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
      'changed-by=someone-else',
    ]);
    await ui.reviewButton.click();
    await ui.conflict.waitFor();
    expect(await ui.conflict.innerText()).toContain('changed-by: someone-else');
    await screenshotsLightDark(ui, 'istio-conflict');
    await ui.page.getByRole('button', { name: 'Re-apply my change onto the new version' }).click();
    await ui.diff.waitFor();
    await expect.poll(async () => ui.applyButton.isEnabled()).toBe(true);
    await ui.applyButton.click();
    await ui.savedNotice.waitFor();
    const vs = await getVs();
    expect(vs.spec.http[0]!.route.map((r) => r.weight)).toEqual([60, 40]);
    expect(vs.metadata.labels?.['changed-by']).toBe('someone-else');
    expect(vs.spec.http[0]!.corsPolicy).toBeDefined();

    // Another conflict, this time dropping my edit: the editor shows the stored version.
    await ui.weight(1, 1).fill('90');
    await ui.weight(1, 2).fill('10');
    await kubectl(e2e.stack.kubeconfig, [
      'label',
      '--overwrite',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
      'changed-by=a-third-person',
    ]);
    await ui.reviewButton.click();
    await ui.conflict.waitFor();
    await ui.page.getByRole('button', { name: 'Reload (discard mine)' }).click();
    expect(await ui.conflict.count()).toBe(0);
    expect(await ui.weight(1, 1).inputValue()).toBe('60');
    await ui.yamlTab.click();
    expect(await ui.yamlText()).toContain('changed-by: a-third-person');
    expect((await getVs()).spec.http[0]!.route.map((r) => r.weight)).toEqual([60, 40]);
  });

  it('refuses invalid input with inline reasons and sends nothing to the cluster', async () => {
    const before = (await getVs()).metadata.resourceVersion;
    const ui = await open();
    await ui.openObject('bookinfo', 'virtualservices', 'reviews');
    // Weights 70/20.
    await ui.weight(1, 1).fill('70');
    await ui.weight(1, 2).fill('20');
    await ui.route(1).getByText('weights sum to 90, not 100').first().waitFor();
    expect(await ui.applyButton.isDisabled()).toBe(true);
    expect(await ui.applyReasons.innerText()).toContain('weights sum to 90, not 100');
    // A subset no DestinationRule defines: the dry run reports it at the field.
    await ui.weight(1, 2).fill('30');
    await ui.subset(1, 2).fill('v9');
    await ui.reviewButton.click();
    // The dry run's finding lands at the subset field.
    await ui
      .route(1)
      .getByText(/error: Subset "v9" not found/)
      .waitFor();
    expect(await ui.applyButton.isDisabled()).toBe(true);
    expect(await ui.applyReasons.innerText()).toMatch(/dry run found 1 error/);
    await ui.page.screenshot({ path: screenshotPath('istio-invalid-light'), fullPage: true });
    // A YAML syntax error, with its line.
    await ui.yamlTab.click();
    await ui.setYaml(`${await ui.yamlText()}\n  bad: [unclosed\n`);
    await ui.yamlError.waitFor();
    expect(await ui.formTab.isDisabled()).toBe(true);
    await ui.page.screenshot({ path: screenshotPath('istio-yaml-error-light'), fullPage: true });
    expect(await ui.applyReasons.innerText()).toContain('YAML syntax error');
    expect((await getVs()).metadata.resourceVersion).toBe(before);
  });

  it('adds a header match in the form (end-user: jason -> v3); unmodelled fields survive', async () => {
    const ui = await open();
    await ui.openObject('bookinfo', 'virtualservices', 'reviews');
    await ui.weight(1, 1).waitFor();
    await ui.addHeaderMatch(1, 'end-user', 'jason');
    await ui.route(1).getByRole('button', { name: 'Remove destination 2' }).click();
    await ui.subset(1, 1).fill('v3');
    await ui.weight(1, 1).fill('100');
    await ui.page.getByRole('button', { name: 'Add HTTP route' }).click();
    await ui.route(2).getByRole('textbox', { name: 'Host of destination 1' }).waitFor();
    await ui.reviewButton.click();
    await ui.diff.waitFor();
    expect(await ui.diff.innerText()).toContain('end-user');
    await expect.poll(async () => ui.applyButton.isEnabled()).toBe(true);
    await ui.applyButton.click();
    await ui.savedNotice.waitFor();
    const vs = (await getVs()) as Vs & {
      spec: { http: { match?: { headers?: Record<string, { exact?: string }> }[] }[] };
    };
    expect(vs.spec.http[0]!.match?.[0]?.headers?.['end-user']?.exact).toBe('jason');
    expect(vs.spec.http[0]!.route).toEqual([{ destination: { host: 'reviews', subset: 'v3' }, weight: 100 }]);
    expect(vs.spec.http[1]!.route).toEqual([{ destination: { host: 'reviews' } }]);
    expect(vs.spec.http[0]!.corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://example.com' }],
      allowMethods: ['GET'],
    });
    expect(vs.spec.http[0]!.headers).toEqual({ request: { set: { 'x-sextant-test': 'kept' } } });
    expect(vs.metadata.labels?.['changed-by']).toBe('a-third-person');
  });

  it('deletes after a confirmation, and Cancel deletes nothing', async () => {
    const ui = await open();
    await ui.openObject('bookinfo', 'virtualservices', 'reviews');
    await ui.page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = ui.page.getByRole('dialog', { name: 'Delete VirtualService reviews?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.count()).toBe(0);
    await getVs();
    await ui.page.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await ui.listHeading.waitFor();
    await expect(getVs()).rejects.toThrow(/not ?found/i);
  });
});
