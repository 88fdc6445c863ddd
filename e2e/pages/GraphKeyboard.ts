import type { Locator } from 'playwright-core';
import type { GraphPage } from './GraphPage.ts';

interface Hook {
  cursor(): string | undefined;
  zoom(): number;
  animating(): boolean;
}

/**
 * The graph canvas worked from the keyboard: the focusable canvas, the live region that announces
 * what the keyboard cursor is on, and the keys popover. The cursor's id comes from the documented
 * `window.__sextant.graph.cursor()` hook (apps/web/src/features/graph/README.md).
 */
export class GraphKeyboard {
  readonly canvas: Locator;
  readonly announcement: Locator;
  readonly helpButton: Locator;
  readonly help: Locator;

  constructor(readonly graph: GraphPage) {
    const page = graph.page;
    this.canvas = page.getByRole('application', { name: /^Traffic graph of / });
    this.announcement = page.getByRole('status', { name: 'Graph cursor' });
    this.helpButton = page.getByRole('button', { name: 'Keyboard help' });
    this.help = page.getByRole('region', { name: 'Keyboard' });
  }

  /** Tabs from the Hide field, as a keyboard user would, until the canvas has focus. */
  async tabIntoCanvas(): Promise<number> {
    await this.graph.hide.focus();
    for (let presses = 1; presses <= 10; presses++) {
      await this.graph.page.keyboard.press('Tab');
      if (await this.canvasFocused()) return presses;
    }
    throw new Error('Tab never reached the graph canvas');
  }

  async canvasFocused(): Promise<boolean> {
    return this.canvas.evaluate((el) => el === document.activeElement);
  }

  async press(key: string): Promise<void> {
    await this.graph.page.keyboard.press(key);
  }

  async announced(): Promise<string> {
    return (await this.announcement.innerText()).trim();
  }

  async cursor(): Promise<string | undefined> {
    return this.graph.page.evaluate(
      () => (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.cursor() ?? undefined,
    );
  }

  async zoom(): Promise<number> {
    return this.graph.page.evaluate(() =>
      (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.zoom(),
    );
  }

  /** The zoom once no zoom/pan animation is running. */
  async settledZoom(): Promise<number> {
    await this.graph.page.waitForFunction(
      () => !(globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.animating(),
    );
    return this.zoom();
  }

  /** Presses `key` until the announcement starts with `text` (at most `max` presses). */
  async pressUntilAnnounced(key: string, text: string, max = 40): Promise<void> {
    for (let i = 0; i < max; i++) {
      if ((await this.announced()).startsWith(text)) return;
      await this.press(key);
    }
    throw new Error(`"${text}" was never announced pressing ${key}; last: ${await this.announced()}`);
  }
}
