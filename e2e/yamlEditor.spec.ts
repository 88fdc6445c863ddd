import { afterEach, describe, expect, it } from 'vitest';
import { IstioConfigPage } from './pages/IstioConfigPage.ts';
import { reviewsConfig } from './support/bookinfoConfig.ts';
import { e2eStack } from './support/e2eStack.ts';
import { getObject, kubectl } from '@sextant/testkit';
import { screenshotPath } from '@sextant/testkit/screenshots';

describe('YAML editor validates while typing (mesh-sim bookinfo + server + Chromium)', () => {
  const e2e = e2eStack({
    setup: (stack) => kubectl(stack.kubeconfig, ['apply', '-f', '-'], reviewsConfig({ v1: 50, v2: 50 })),
  });
  const resourceVersion = async (): Promise<string> =>
    (
      await getObject<{ metadata: { resourceVersion: string } }>(
        e2e.stack.kubeconfig,
        'virtualservice',
        'bookinfo',
        'reviews',
      )
    ).metadata.resourceVersion;

  const opened: IstioConfigPage[] = [];

  // The server's Content-Security-Policy must let CodeMirror work (its injected styles, lint marks).
  afterEach(() => {
    for (const ui of opened.splice(0)) expect(ui.cspViolations).toEqual([]);
  });

  async function openYaml(): Promise<IstioConfigPage> {
    const ui = new IstioConfigPage(await e2e.newPage(), e2e.stack.urls.sextant);
    opened.push(ui);
    await ui.watchCspViolations();
    await ui.openObject('bookinfo', 'virtualservices', 'reviews');
    await ui.yamlTab.click();
    await ui.yaml.waitFor();
    return ui;
  }

  const statusIs = async (ui: IstioConfigPage, text: string | RegExp) =>
    expect
      .poll(async () => ui.yamlStatus.innerText(), { timeout: 15_000 })
      .toMatch(typeof text === 'string' ? new RegExp(`^\\W*${text}$`) : text);

  it('marks schema errors, our checks and syntax errors on their lines without a review; writes nothing', async () => {
    const before = await resourceVersion();
    const ui = await openYaml();
    await statusIs(ui, 'No problems');
    const original = await ui.yamlText();
    expect(original).toContain('subset: v2');

    // An Istio schema error: the background dry run names the field, the editor marks its line.
    await ui.setYaml(original.replace('weight: 50', 'weight: "abc"'));
    const weightLine = await ui.lineOf('weight: "abc"');
    const schemaProblem = ui.yamlProblems.getByRole('listitem').filter({ hasText: `line ${weightLine}:` });
    await schemaProblem
      .filter({ hasText: /weight/i })
      .first()
      .waitFor();
    expect(await schemaProblem.first().innerText()).toMatch(/^\W*Error · line \d+:/);
    // (The screenshots with a tooltip are not full-page: resizing the viewport would end the hover.)
    const tooltip = await ui.lintTooltipAt('weight: "abc"');
    expect(await tooltip.innerText()).toMatch(/weight/i);
    await statusIs(ui, /^\W*\d+ errors?$/);
    expect(await ui.page.getByRole('heading', { name: 'Dry run' }).count()).toBe(0);
    await ui.page.screenshot({ path: screenshotPath('yaml-editor-schema-light') });

    // Back to valid.
    await ui.setYaml(original);
    await statusIs(ui, 'No problems');

    // Find (Ctrl/⌘-F): Enter walks the matches, Escape closes.
    await ui.yaml.click();
    await ui.page.keyboard.press('ControlOrMeta+Home');
    await ui.page.keyboard.press('ControlOrMeta+F');
    const find = ui.page.getByRole('textbox', { name: 'Find', exact: true });
    // The panel takes the query on key-up, as a user types it.
    await find.pressSequentially('subset: ');
    await find.press('Enter');
    const firstSubset = (await ui.yamlText()).split('\n').findIndex((l) => l.includes('subset: ')) + 1;
    await expect.poll(() => ui.cursorLine()).toBe(firstSubset);
    const firstLine = await ui.cursorLine();
    await find.press('Enter');
    await expect.poll(() => ui.cursorLine()).toBeGreaterThan(firstLine);
    await ui.page.screenshot({ path: screenshotPath('yaml-editor-find-light'), fullPage: true });
    await find.press('Escape');
    expect(await find.count()).toBe(0);

    // Typed by hand: a subset no DestinationRule defines; our check's finding lands on its line.
    await ui.cursorToEndOf('subset: v2');
    await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.type('v9');
    const subsetLine = await ui.lineOf('subset: v9');
    await ui.yamlProblems
      .getByRole('listitem')
      .filter({ hasText: `Error · line ${subsetLine}:` })
      .filter({ hasText: 'Subset "v9" not found' })
      .waitFor();
    expect(await (await ui.lintTooltipAt('subset: v9')).innerText()).toContain('Subset "v9" not found');
    await statusIs(ui, '1 error');

    // Clicking a problem puts the cursor on its line.
    await ui.cursorToEndOf('kind: VirtualService');
    await ui.yamlProblems.getByRole('button', { name: /Subset "v9" not found/ }).click();
    await expect.poll(async () => ui.page.locator('.cm-activeLine').innerText()).toContain('subset: v9');

    // A syntax error shows at once, no server involved.
    await ui.page.keyboard.press('ControlOrMeta+End');
    await ui.page.keyboard.type('bad: [unclosed');
    await ui.yamlError.waitFor();
    expect(await ui.yamlProblems.innerText()).toContain('(YAML)');
    await statusIs(ui, /^\W*\d+ errors?$/);
    // The editor's badge follows the text: a syntax error is never "Valid".
    const badge = ui.page.locator('.editor__meta .badge');
    await expect.poll(() => badge.innerText()).toContain('YAML syntax error');
    expect(await badge.innerText()).not.toContain('Valid');
    expect(await ui.formTab.isDisabled()).toBe(true);
    await ui.page.screenshot({ path: screenshotPath('yaml-editor-syntax-light'), fullPage: true });

    // Undo walks back through the edits to the loaded text.
    for (let i = 0; i < 10 && (await ui.yamlText()) !== original; i++)
      await ui.page.keyboard.press('ControlOrMeta+Z');
    expect(await ui.yamlText()).toBe(original);
    await statusIs(ui, 'No problems');
    await expect.poll(() => badge.innerText()).toMatch(/Valid$/);
    expect(await ui.yamlProblems.count()).toBe(0);

    // The dark theme, with a finding and its tooltip.
    await ui.setTheme('dark');
    await ui.setYaml(original.replace('subset: v2', 'subset: v9'));
    await statusIs(ui, '1 error');
    await ui.lintTooltipAt('subset: v9');
    await ui.page.screenshot({ path: screenshotPath('yaml-editor-dark') });

    // A change from outside the editor (Discard edits) keeps the undo history: Ctrl-Z brings mine back.
    await ui.page.getByRole('button', { name: 'Discard edits' }).click();
    await expect.poll(async () => ui.yamlText()).toBe(original);
    await statusIs(ui, 'No problems');
    await ui.cursorToEndOf('kind: VirtualService');
    await ui.page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(async () => ui.yamlText()).toBe(original.replace('subset: v2', 'subset: v9'));
    await ui.setYaml(original);
    await statusIs(ui, 'No problems');

    // Nothing of this reached the cluster.
    expect(await resourceVersion()).toBe(before);
  });

  it('refuses what istiod refuses (timeout: forever) on its line, blocks Review and Apply, and the API answers 422', async () => {
    const before = await resourceVersion();
    const ui = await openYaml();
    await statusIs(ui, 'No problems');
    const original = await ui.yamlText();
    const withTimeout = original.replace(/^(\s*)- route:/m, '$1- timeout: forever\n$1  route:');
    expect(withTimeout).not.toBe(original);

    await ui.setYaml(withTimeout);
    const line = await ui.lineOf('timeout: forever');
    const problem = ui.yamlProblems
      .getByRole('listitem')
      .filter({ hasText: `Error · line ${line}:` })
      .filter({ hasText: /timeout: invalid duration "forever"/ });
    await problem.waitFor();
    expect(await problem.innerText()).toContain('istio');
    expect(await (await ui.lintTooltipAt('timeout: forever')).innerText()).toContain(
      'timeout: invalid duration',
    );
    await statusIs(ui, '1 error');
    expect(await ui.reviewButton.isDisabled()).toBe(true);
    expect(await ui.applyButton.isDisabled()).toBe(true);
    expect(await ui.applyReasons.innerText()).toContain('timeout: invalid duration "forever"');
    await ui.page.screenshot({ path: screenshotPath('yaml-editor-istio-rule-light') });
    await ui.setTheme('dark');
    await ui.lintTooltipAt('timeout: forever');
    await ui.page.screenshot({ path: screenshotPath('yaml-editor-istio-rule-dark') });
    await ui.setTheme('light');

    // The server holds the same rule: a POST (even forced, even a dry run) is a 422 naming the field.
    for (const query of ['', '?dryRun=true', '?force=true']) {
      const res = await fetch(
        `${e2e.stack.urls.sextant}/api/namespaces/bookinfo/istio/virtualservices${query}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            metadata: { name: 'forever', namespace: 'bookinfo' },
            spec: {
              hosts: ['reviews'],
              http: [{ route: [{ destination: { host: 'reviews' } }], timeout: 'forever' }],
            },
          }),
        },
      );
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { fieldErrors: { path: string }[] } };
      expect(body.error.fieldErrors.map((f) => f.path)).toEqual(['spec.http[0].timeout']);
    }

    await ui.setYaml(original);
    await statusIs(ui, 'No problems');
    expect(await resourceVersion()).toBe(before);
  });

  it('keeps editing when the live check cannot reach the server', async () => {
    const ui = await openYaml();
    await statusIs(ui, 'No problems');
    const original = await ui.yamlText();
    // The server goes away for the editor's dry runs (the page itself is loaded).
    await ui.page.route('**/api/namespaces/**', (route) =>
      route.request().method() === 'GET' ? route.fallback() : route.abort('connectionrefused'),
    );
    await ui.setYaml(original.replace('subset: v2', 'subset: v3'));
    await statusIs(ui, /Live check failed: the Sextant server cannot be reached/);
    await ui.page.screenshot({ path: screenshotPath('yaml-editor-offline-light'), fullPage: true });
    // Still editable, and syntax errors still show.
    await ui.page.keyboard.press('ControlOrMeta+End');
    await ui.page.keyboard.type('bad: [unclosed');
    await ui.yamlError.waitFor();
    expect(await ui.yamlText()).toContain('bad: [unclosed');
  });
});
