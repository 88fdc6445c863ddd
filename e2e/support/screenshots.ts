import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import type { AppPage } from '../pages/AppPage.ts';

/** e2e/screenshots/ (gitignored): for people to look at, not compared by tests. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots', import.meta.url));

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

/**
 * `<name>-light.png` and `<name>-dark.png` of the whole page (or of `element` alone), switched with
 * the app's theme toggle; leaves the page light.
 */
export async function screenshotsLightDark(ui: AppPage, name: string, element?: Locator): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await ui.setTheme(scheme);
    const file = screenshotPath(`${name}-${scheme}`);
    if (element) {
      await element.screenshot({ path: file });
    } else {
      // The app bar is sticky: from a scrolled page a full-page shot would show it mid-page.
      await ui.page.evaluate('window.scrollTo(0, 0)');
      await ui.page.screenshot({ path: file, fullPage: true });
    }
  }
  await ui.setTheme('light');
}
