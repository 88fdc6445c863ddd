import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** e2e/screenshots/ (gitignored): for people to look at, not compared by tests. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots', import.meta.url));

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}
