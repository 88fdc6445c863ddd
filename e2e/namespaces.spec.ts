import { describe, expect, it } from 'vitest';
import type { ColorScheme } from './pages/AppPage.ts';
import { NamespacesPage } from './pages/NamespacesPage.ts';
import { e2eStack } from './support/e2eStack.ts';
import { screenshotPath } from '@sextant/testkit/screenshots';

describe('namespaces page (mesh-sim bookinfo + Prometheus + server + Chromium)', () => {
  const e2e = e2eStack({ viewport: { width: 1280, height: 720 } });

  async function openPage(colorScheme: ColorScheme): Promise<NamespacesPage> {
    const namespaces = new NamespacesPage(await e2e.newPage({ colorScheme }), e2e.stack.urls.sextant);
    await namespaces.open();
    return namespaces;
  }

  it('lists the bookinfo and istio-system namespaces, with injection and labels', async () => {
    const namespaces = await openPage('light');
    const names = await namespaces.namespaceNames();
    expect(names).toEqual(expect.arrayContaining(['bookinfo', 'istio-system']));
    expect(names).toEqual([...names].sort());

    expect(await namespaces.injection('bookinfo')).toBe('Enabled');
    expect(await namespaces.injection('istio-system')).toBe('Disabled');
    expect(await namespaces.labels('bookinfo')).toContain('istio-injection=enabled');
    expect(await namespaces.staleBanner.count()).toBe(0);
  });

  it.each(['light', 'dark'] as const)('follows prefers-color-scheme: %s (screenshot)', async (scheme) => {
    const namespaces = await openPage(scheme);
    await namespaces.row('bookinfo').waitFor();
    expect(await namespaces.theme()).toBe(scheme);
    await namespaces.page.screenshot({ path: screenshotPath(`namespaces-${scheme}`), fullPage: true });
  });

  it('switches theme with the toggle and keeps the choice after a reload', async () => {
    const namespaces = await openPage('light');
    await namespaces.themeToggle.click();
    expect(await namespaces.theme()).toBe('dark');
    await namespaces.page.reload();
    await namespaces.heading.waitFor();
    expect(await namespaces.theme()).toBe('dark');
  });
});
