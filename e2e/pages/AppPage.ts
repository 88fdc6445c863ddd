import type { Locator, Page } from 'playwright-core';

export type ColorScheme = 'light' | 'dark';

/** What every page of the app has: the theme toggle in the app bar and the theme it sets. */
export class AppPage {
  readonly themeToggle: Locator;
  /** Under the app bar while the server's cluster data is stale (the Kubernetes API went away). */
  readonly clusterStaleBanner: Locator;
  /** What the browser refused under the server's Content-Security-Policy, once watched. */
  readonly cspViolations: string[] = [];

  constructor(readonly page: Page) {
    this.themeToggle = page.getByRole('button', { name: /^Switch to (dark|light) theme$/ });
    this.clusterStaleBanner = page.getByRole('status', { name: 'Cluster data is stale' });
  }

  /** The theme the page shows, as set on <html data-theme>. */
  async theme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }

  /** Flips the theme toggle until the page shows `scheme`. */
  async setTheme(scheme: ColorScheme): Promise<void> {
    for (let i = 0; i < 2 && (await this.theme()) !== scheme; i++) {
      await this.themeToggle.click();
      await this.page.waitForFunction(`document.documentElement.dataset.theme === '${scheme}'`);
    }
  }

  /**
   * Records every Content-Security-Policy violation of this page from now on (call it before the
   * first navigation): the `securitypolicyviolation` events of every document it loads and
   * Chromium's "Refused to ..." console errors (which also cover workers).
   */
  async watchCspViolations(): Promise<void> {
    await this.page.exposeFunction('__sextantCspViolation', (text: string) => this.cspViolations.push(text));
    await this.page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { __sextantCspViolation(text: string): void })
          .__sextantCspViolation;
        report(
          `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
        );
      });
    });
    this.page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        this.cspViolations.push(message.text());
      }
    });
  }
}
