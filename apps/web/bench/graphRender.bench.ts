/**
 * Render benchmark of the graph page: serves the built web app with generated graphs of 100 to
 * 5,000 nodes in place of the server, opens each in headless Chromium and prints
 *  - first render: from navigation start to the first paint of the laid-out graph (JS load,
 *    fetch, validation, layout in the worker, drawing), and the layout's own share;
 *  - frame time (p50 / p95) for 3 s of a real mouse dragging and wheel-zooming the view, and for
 *    3 s of programmatic pan/zoom (cy.viewport every frame: no texture while moving, the worst
 *    case), with the page's default settings (traffic animation on below 150 nodes, off above);
 *  - a poll's cost: "Refresh now" answered with a changed graph (rates moved, 3 services gone, 3
 *    new), from the click to the patched drawing on screen, and the patch's own share;
 *  - a reload of the same view, which takes the positions the browser saved (no layout).
 * BENCH_SCREENSHOTS=1 also writes e2e/screenshots/bench-graph-<size>-{light,dark}.png.
 *
 * npm run bench:web   (BENCH_SIZES=100,500 and BENCH_RUNS=3 to change what runs)
 */
import type { Server } from 'node:http';
import { freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import { launchBrowser } from '@sextant/testkit/browser';
import { ensureWebBuilt } from '@sextant/testkit';
import { screenshotPath } from '@sextant/testkit/screenshots';
import type { Page } from 'playwright-core';
import { serveWebApp } from './benchServer.ts';
import { generateGraph, refreshedGraph } from './generateGraph.ts';

const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000,2000,5000').split(',').map(Number);
const SCREENSHOTS = process.env.BENCH_SCREENSHOTS === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const FRAME_MS = 3_000;

function serve(port: number): Promise<Server> {
  const graphs = new Map<number, string>();
  /** Graph requests answered per size: the first of a page gets the base graph, a refresh the next one. */
  const round = new Map<number, number>();
  return serveWebApp(port, (url) => {
    if (url.pathname === '/api/namespaces') {
      return SIZES.map((n) => ({ name: `bench-${n}`, labels: {}, istioInjection: true, mtls: null }));
    }
    if (url.pathname === '/api/mesh/tls') return { status: 'ENABLED' };
    if (url.pathname === '/api/namespaces/graph') {
      const size = Number(/bench-(\d+)/.exec(url.searchParams.get('namespaces') ?? '')?.[1] ?? 100);
      // ?round=N in the page URL is not sent to the API; the bench resets rounds per page instead.
      const r = round.get(size) ?? 0;
      round.set(size, r + 1);
      const key = size * 1000 + r;
      let body = graphs.get(key);
      if (!body) {
        const base = generateGraph(size);
        graphs.set(key, (body = JSON.stringify(r === 0 ? base : refreshedGraph(base, r))));
      }
      return body;
    }
    if (url.pathname === '/bench/reset') {
      round.clear();
      return {};
    }
    return undefined;
  });
}

interface Result {
  size: number;
  edges: number;
  firstRenderMs: number;
  layoutMs: number;
  renderer: string;
  animation: boolean;
  mouse: Frames;
  programmatic: Frames;
  refreshMs: number;
  patchMs: number;
  reloadMs: number;
  reloadLayoutMs: number;
  fallback?: string;
}
type Frames = { p50: number; p95: number };

interface Hook {
  version: number;
  layingOut: boolean;
  drawnAt: number;
  layoutMs: number;
  patches: number;
  patchMs: number;
  renderer: string;
  layoutFallback?: string;
  edges(): unknown[];
  measureFrames(ms: number): Promise<{ p50Ms: number; p95Ms: number }>;
  recordFrames(ms: number): Promise<{ p50Ms: number; p95Ms: number }>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function waitForFirstDrawing(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const hook = (
        globalThis as unknown as { __sextant?: { graph?: { version: number; layingOut: boolean } } }
      ).__sextant?.graph;
      return (hook?.version ?? 0) >= 1 && !hook?.layingOut;
    },
    null,
    { timeout: 300_000, polling: 50 },
  );
}

/** Frame times while the mouse drags the view around and wheel-zooms it, as a user does. */
async function mouseFrames(page: Page, ms: number): Promise<Frames> {
  const box = (await page.locator('.graph-canvas__cy').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const recording = page.evaluate((d) => {
    const hook = (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph;
    return hook.recordFrames(d);
  }, ms);
  let done = false;
  void recording.finally(() => (done = true));
  for (let i = 0; !done; i++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let k = 1; k <= 10 && !done; k++)
      await page.mouse.move(cx + 12 * k * Math.cos(i), cy + 8 * k * Math.sin(i));
    await page.mouse.up();
    for (let k = 0; k < 4 && !done; k++) await page.mouse.wheel(0, i % 2 ? 60 : -60);
  }
  const f = await recording;
  return { p50: f.p50Ms, p95: f.p95Ms };
}

const debug = (m: string) => process.env.BENCH_DEBUG && console.log(`  ${new Date().toISOString()} ${m}`);

async function measure(page: Page, base: string, size: number): Promise<Result> {
  await fetch(`${base}/bench/reset`);
  await page.goto(`${base}/graph?namespaces=bench-${size}&refresh=off&budget=0`);
  await waitForFirstDrawing(page);
  const first = await page.evaluate(() => {
    const hook = (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph;
    return {
      firstRenderMs: hook.drawnAt,
      layoutMs: hook.layoutMs,
      edges: hook.edges().length,
      renderer: hook.renderer,
      fallback: hook.layoutFallback,
    };
  });
  debug('drawn');
  const mouse = await mouseFrames(page, FRAME_MS);
  debug('mouse frames done');
  const programmatic = await page.evaluate(async (ms) => {
    const f = await (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph.measureFrames(
      ms,
    );
    return { p50: f.p50Ms, p95: f.p95Ms };
  }, FRAME_MS);

  debug('programmatic frames done');
  // A poll with a changed graph: from the click to the patched drawing on screen.
  const refresh = page.getByRole('button', { name: 'Refresh now' });
  await refresh.waitFor();
  const before = await page.evaluate(() => {
    const h = (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph;
    return { patches: h.patches, version: h.version, at: performance.now() };
  });
  await refresh.click();
  await page.waitForFunction(
    (b) => {
      const h = (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph;
      return h.patches > b.patches && h.version > b.version;
    },
    before,
    { timeout: 120_000, polling: 'raf' },
  );
  const refreshed = await page.evaluate((b) => {
    const h = (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph;
    return { refreshMs: performance.now() - b.at, patchMs: h.patchMs };
  }, before);

  debug('refresh done');
  // Same view again: the positions saved in the browser, no layout.
  await page.waitForTimeout(600); // the layout is saved 400 ms after the last change (debounced)
  await page.reload();
  await waitForFirstDrawing(page);
  const reload = await page.evaluate(() => {
    const h = (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph;
    return { reloadMs: h.drawnAt, reloadLayoutMs: h.layoutMs };
  });
  debug('reloaded');
  if (SCREENSHOTS) await page.screenshot({ path: screenshotPath(`bench-graph-${size}-${themeOf(page)}`) });
  return { size, animation: size - 1 <= 150, ...first, mouse, programmatic, ...refreshed, ...reload };
}

const themes = new WeakMap<Page, string>();
const themeOf = (page: Page) => themes.get(page) ?? 'light';

async function main(): Promise<void> {
  await ensureWebBuilt((m) => console.log(m));
  const port = await freeLoopbackPort();
  const server = await serve(port);
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser();
  const results: Result[] = [];
  try {
    for (const size of SIZES) {
      const runs: Result[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        runs.push(await measure(page, base, size));
        await context.close();
      }
      if (SCREENSHOTS) {
        const context = await browser.newContext({
          viewport: { width: 1440, height: 900 },
          colorScheme: 'dark',
        });
        const page = await context.newPage();
        themes.set(page, 'dark');
        await fetch(`${base}/bench/reset`);
        await page.goto(`${base}/graph?namespaces=bench-${size}&refresh=off&budget=0`);
        await waitForFirstDrawing(page);
        await page.screenshot({ path: screenshotPath(`bench-graph-${size}-dark`) });
        await context.close();
      }
      const pick = (f: (r: Result) => number) => median(runs.map(f));
      results.push({
        ...runs[0]!,
        firstRenderMs: pick((r) => r.firstRenderMs),
        layoutMs: pick((r) => r.layoutMs),
        mouse: { p50: pick((r) => r.mouse.p50), p95: pick((r) => r.mouse.p95) },
        programmatic: { p50: pick((r) => r.programmatic.p50), p95: pick((r) => r.programmatic.p95) },
        refreshMs: pick((r) => r.refreshMs),
        patchMs: pick((r) => r.patchMs),
        reloadMs: pick((r) => r.reloadMs),
        reloadLayoutMs: pick((r) => r.reloadLayoutMs),
      });
      console.log(`${size} nodes done`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const ms = (v: number, w = 6) => `${v.toFixed(0).padStart(w)} ms`;
  const frames = (f: Frames) => `${f.p50.toFixed(0).padStart(4)} / ${f.p95.toFixed(0).padStart(4)} ms`;
  console.log(`\ngraph page render, headless Chromium (no GPU), median of ${RUNS} run(s)`);
  console.log(
    'nodes  edges  renderer  first render     layout  frames mouse p50/p95  frames cy.viewport p50/p95  refresh (patch)        reload, saved layout',
  );
  for (const r of results) {
    console.log(
      `${String(r.size).padStart(5)}  ${String(r.edges).padStart(5)}  ${r.renderer.padEnd(8)}  ${ms(r.firstRenderMs, 9)}  ${ms(r.layoutMs)}  ${frames(r.mouse).padStart(20)}  ${frames(r.programmatic).padStart(26)}  ${ms(r.refreshMs)} (${r.patchMs.toFixed(0)} ms)  ${ms(r.reloadMs, 9)}${r.fallback ? `  (layout without boxes: ${r.fallback})` : ''}`,
    );
  }
  console.log(
    'first render: navigation to first paint, layout included; refresh: click to the patched drawing on screen (fetch, parse, view model, patch, paint).',
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
