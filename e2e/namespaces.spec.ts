import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../scripts/stack.ts';
import { ensureWebBuilt } from '../scripts/webBuild.ts';
import { NamespacesPage } from './pages/NamespacesPage.ts';
import { launchBrowser } from './support/browser.ts';
import { screenshotPath } from './support/screenshots.ts';

describe('namespaces page (mesh-sim bookinfo + Prometheus + server + Chromium)', () => {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack({ scenario: 'bookinfo' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  async function openPage(
    colorScheme: 'light' | 'dark',
  ): Promise<{ namespaces: NamespacesPage; context: BrowserContext }> {
    if (!browser || !stack) throw new Error('beforeAll did not finish');
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 720 } });
    contexts.push(context);
    const page = await context.newPage();
    const namespaces = new NamespacesPage(page, stack.urls.sextant);
    await namespaces.open();
    return { namespaces, context };
  }

  it('lists the bookinfo and istio-system namespaces, with injection and labels', async () => {
    const { namespaces } = await openPage('light');
    const names = await namespaces.namespaceNames();
    expect(names).toEqual(expect.arrayContaining(['bookinfo', 'istio-system']));
    expect(names).toEqual([...names].sort());

    expect(await namespaces.injection('bookinfo')).toBe('Enabled');
    expect(await namespaces.injection('istio-system')).toBe('Disabled');
    expect(await namespaces.labels('bookinfo')).toContain('istio-injection=enabled');
    expect(await namespaces.staleBanner.count()).toBe(0);
  });

  it.each(['light', 'dark'] as const)('follows prefers-color-scheme: %s (screenshot)', async (scheme) => {
    const { namespaces, context } = await openPage(scheme);
    await namespaces.row('bookinfo').waitFor();
    expect(await namespaces.theme()).toBe(scheme);
    await context.pages()[0]?.screenshot({ path: screenshotPath(`namespaces-${scheme}`), fullPage: true });
  });

  it('switches theme with the toggle and keeps the choice after a reload', async () => {
    const { namespaces, context } = await openPage('light');
    await namespaces.themeToggle.click();
    expect(await namespaces.theme()).toBe('dark');
    await context.pages()[0]?.reload();
    await namespaces.heading.waitFor();
    expect(await namespaces.theme()).toBe('dark');
  });
});
