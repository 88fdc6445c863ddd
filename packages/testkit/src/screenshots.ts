import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT } from './stack.ts';

/** e2e/screenshots/ (gitignored): for people to look at, not compared by tests. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e/screenshots');

/** What screenshotsLightDark needs of a page object: the page and the app's theme toggle. */
export interface ThemedPage {
  readonly page: Page;
  setTheme(scheme: 'light' | 'dark'): Promise<void>;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

/**
 * `<name>-light.png` and `<name>-dark.png` of the whole page (or of `element` alone), switched with
 * the app's theme toggle; leaves the page light.
 */
export async function screenshotsLightDark(ui: ThemedPage, name: string, element?: Locator): Promise<void> {
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
