import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack, type StackOptions, ensureWebBuilt } from '@sextant/testkit';
import type { ColorScheme } from '../pages/AppPage.ts';
import { launchBrowser } from '@sextant/testkit/browser';

export interface E2eStackOptions extends StackOptions {
  /** Of every page newPage() opens; default 1280×1000. */
  viewport?: { width: number; height: number };
  /** Runs before the stack starts (e.g. an OpenID provider mesh-sim must trust); returns stack options to add. */
  prepare?: () => Promise<StackOptions>;
  /** Runs once the stack and the browser are up: config to apply, an extra server, data to wait for. */
  setup?: (stack: Stack) => Promise<unknown>;
  /** Runs before the stack stops (after the browser closed), even when setup failed half-way. */
  teardown?: () => Promise<unknown>;
}

export interface E2eStack {
  /** The running stack; throws outside the tests (before beforeAll finished). */
  readonly stack: Stack;
  /** A page in a fresh browser context (no shared storage, so no theme carried over); default light. */
  newPage(options?: { colorScheme?: ColorScheme }): Promise<Page>;
}

/**
 * Registers, in the calling `describe`, a beforeAll that builds the web app if needed, starts the
 * stack (mesh-sim bookinfo + Prometheus + server) and Chromium, and an afterAll that closes every
 * context opened, the browser and the stack.
 */
export function e2eStack(options: E2eStackOptions = {}): E2eStack {
  const { viewport = { width: 1280, height: 1000 }, prepare, setup, teardown, ...stackOptions } = options;
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    const prepared = (await prepare?.()) ?? {};
    stack = await startStack({ scenario: 'bookinfo', ...stackOptions, ...prepared });
    browser = await launchBrowser();
    await setup?.(stack);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await teardown?.();
    await stack?.stop();
  });

  return {
    get stack() {
      if (!stack) throw new Error('beforeAll did not finish');
      return stack;
    },
    async newPage({ colorScheme = 'light' } = {}) {
      if (!browser || !stack) throw new Error('beforeAll did not finish');
      const context = await browser.newContext({ colorScheme, viewport });
      contexts.push(context);
      return context.newPage();
    },
  };
}

/**
 * The stack the graph specs share: 2 s scrapes, a wide window, and traffic on reviews v2 -> ratings
 * in Prometheus before the first test (edges need rates: wait for data, not for a fixed time).
 */
export function bookinfoGraphStack(): E2eStack {
  return e2eStack({
    scrapeIntervalSeconds: 2,
    viewport: { width: 1440, height: 900 },
    setup: (stack) =>
      stack.prometheus.waitFor(
        'sum(rate(istio_requests_total{destination_canonical_service="ratings",source_canonical_revision="v2"}[1m]))',
        (s) => (s[0]?.value ?? 0) > 0,
        { timeoutMs: 60_000 },
      ),
  });
}
