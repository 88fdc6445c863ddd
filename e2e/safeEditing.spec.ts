import { describe, expect, it } from 'vitest';
import type { RunningServer } from '@sextant/testkit';
import type { ColorScheme } from './pages/AppPage.ts';
import { IstioConfigPage } from './pages/IstioConfigPage.ts';
import { reviewsConfig } from './support/bookinfoConfig.ts';
import { e2eStack } from './support/e2eStack.ts';
import { getObject, kubectl } from '@sextant/testkit';
import { screenshotPath, screenshotsLightDark } from '@sextant/testkit/screenshots';
import { startViewOnlyServer } from './support/viewOnlyServer.ts';

interface Vs {
  metadata: { resourceVersion: string; labels?: Record<string, string> };
  spec: { http: { timeout?: string; route: { weight?: number }[] }[] };
}

/**
 * Editing without fear, beyond the basic conflict: a three-way re-apply that keeps their change
 * wherever I did not touch the same field and lets me settle the field we both changed; the dry
 * run and the delete dialog naming the objects a change breaks; a view-only server announced
 * before any write is tried.
 */
describe('safe editing (mesh-sim bookinfo + server + Chromium)', () => {
  let viewOnlyServer: RunningServer | undefined;
  const e2e = e2eStack({
    scrapeIntervalSeconds: 5,
    async setup(stack) {
      viewOnlyServer = await startViewOnlyServer(stack);
      await kubectl(stack.kubeconfig, ['apply', '-f', '-'], reviewsConfig({ v1: 50, v2: 50 }));
    },
    teardown: async () => viewOnlyServer?.child.stop(),
  });
  const getVs = () => getObject<Vs>(e2e.stack.kubeconfig, 'virtualservice', 'bookinfo', 'reviews');

  async function open(baseUrl = e2e.stack.urls.sextant, colorScheme: ColorScheme = 'light') {
    return new IstioConfigPage(await e2e.newPage({ colorScheme }), baseUrl);
  }

  it('re-applies onto their version: their other changes stay, the field we both changed is mine to settle', async () => {
    const ui = await open();
    await ui.openObject('bookinfo', 'virtualservices', 'reviews');
    await ui.weight(1, 1).fill('70');
    await ui.weight(1, 2).fill('30');
    await ui.route(1).getByRole('textbox', { name: 'Timeout', exact: true }).fill('3s');
    // Meanwhile someone else sets another timeout and labels the object.
    await kubectl(e2e.stack.kubeconfig, [
      'patch',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
      '--type',
      'json',
      '-p',
      '[{"op":"add","path":"/spec/http/0/timeout","value":"5s"},{"op":"add","path":"/metadata/labels","value":{"owner":"team-b"}}]',
    ]);
    await ui.reviewButton.click();
    await ui.conflict.waitFor();
    // Their change is the timeout and the labels, not the bookkeeping the API server rewrote.
    const theirChange = await ui.page.getByLabel('The other change').innerText();
    expect(theirChange).toContain('owner: team-b');
    expect(theirChange).not.toMatch(/resourceVersion|generation|managedFields|creationTimestamp|uid:/);
    // Brought into view with its heading clear of the sticky header.
    const heading = ui.page.getByRole('heading', { name: /Someone else changed/ });
    await expect
      .poll(async () => {
        const header = await ui.page.locator('.shell__header').boundingBox();
        const box = await heading.boundingBox();
        return (
          !!header &&
          !!box &&
          box.y >= header.y + header.height &&
          box.y + box.height <= (ui.page.viewportSize()?.height ?? 720)
        );
      })
      .toBe(true);
    await ui.page.screenshot({ path: screenshotPath('safe-conflict-in-view-light') });
    await ui.page.getByRole('button', { name: 'Re-apply my change onto the new version' }).click();

    const both = ui.page.getByRole('region', { name: 'Fields changed on both sides' });
    await both.waitFor();
    const row = both.getByRole('row').filter({ hasText: 'spec.http[0].timeout' });
    expect(await row.innerText()).toMatch(/3s[\s\S]*5s/);
    expect(await both.getByRole('row').count()).toBe(2); // header + the one field
    await screenshotsLightDark(ui, 'safe-merge-conflict');
    await both.getByRole('button', { name: 'Use theirs for spec.http[0].timeout' }).click();
    expect(await both.count()).toBe(0);
    expect(await ui.route(1).getByRole('textbox', { name: 'Timeout', exact: true }).inputValue()).toBe('5s');

    await ui.reviewButton.click();
    await ui.diff.waitFor();
    await expect.poll(async () => ui.applyButton.isEnabled()).toBe(true);
    await ui.applyButton.click();
    await ui.savedNotice.waitFor();
    const vs = await getVs();
    expect(vs.spec.http[0]!.route.map((r) => r.weight)).toEqual([70, 30]);
    expect(vs.spec.http[0]!.timeout).toBe('5s');
    expect(vs.metadata.labels).toEqual({ owner: 'team-b' });
  });

  it('names the VirtualService a DestinationRule edit would break, in the dry run and before a delete', async () => {
    const ui = await open();
    await ui.openObject('bookinfo', 'destinationrules', 'reviews');
    // Drop subset v1, which the VirtualService routes 70 % to.
    await ui.page.getByRole('button', { name: 'Remove subset 1', exact: true }).click();
    await ui.reviewButton.click();
    const affected = ui.page.getByRole('region', { name: 'Other objects affected' });
    await affected.waitFor();
    expect(await affected.innerText()).toMatch(/VirtualService bookinfo\/reviews[\s\S]*v1/);
    await ui.page.screenshot({ path: screenshotPath('safe-affected-light'), fullPage: true });
    // It informs; it does not block.
    await expect.poll(async () => ui.applyButton.isEnabled()).toBe(true);
    await ui.page.getByRole('button', { name: 'Discard edits' }).click();

    await ui.page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = ui.page.getByRole('dialog', { name: 'Delete DestinationRule reviews?' });
    await dialog.getByRole('region', { name: 'Other objects affected' }).waitFor();
    expect(await dialog.innerText()).toMatch(
      /Other objects depend on it[\s\S]*VirtualService bookinfo\/reviews/,
    );
    await ui.page.screenshot({ path: screenshotPath('safe-delete-dependents-light'), fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await kubectl(e2e.stack.kubeconfig, ['get', 'destinationrule', 'reviews', '-n', 'bookinfo']);
  });

  it('announces view-only before any write: chip, banner, disabled buttons with the reason', async () => {
    const before = (await getVs()).metadata.resourceVersion;
    for (const scheme of ['light', 'dark'] as const) {
      const ui = await open(viewOnlyServer!.url, scheme);
      await ui.openObject('bookinfo', 'virtualservices', 'reviews');
      await ui.page.getByRole('status').filter({ hasText: 'View-only' }).first().waitFor();
      await ui.page
        .getByText(/Sextant runs view-only/)
        .first()
        .waitFor();
      expect(await ui.page.getByRole('button', { name: 'Delete…' }).isDisabled()).toBe(true);
      expect(await ui.reviewButton.isDisabled()).toBe(true);
      // Editing stays possible (to read and copy); saving is what is refused.
      await ui.weight(1, 1).fill('60');
      await ui.weight(1, 2).fill('40');
      expect(await ui.applyButton.isDisabled()).toBe(true);
      expect(await ui.applyReasons.innerText()).toMatch(/view-only/i);
      await ui.page.screenshot({ path: screenshotPath(`safe-view-only-${scheme}`), fullPage: true });
    }
    expect((await getVs()).metadata.resourceVersion).toBe(before);
  });
});
