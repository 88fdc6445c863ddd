/// <reference lib="dom" />
/**
 * The lists' table at size: serves the built web app with a generated namespace of 2,000 and
 * 5,000 workloads in place of the server, opens the Workloads list in headless Chromium and prints
 *  - first render: from navigation start until the table shows every row counted;
 *  - rows in the DOM (the table is windowed: it must stay small whatever the size);
 *  - scroll frames: requestAnimationFrame deltas (p50 / p95) while the list scrolls top to bottom
 *    in steps of 120 px per frame, as a fast wheel does;
 *  - sort (click on Name, twice: descending) and filter (typing a name) until the table shows the
 *    result.
 * Numbers, no assertions (the machines are shared and noisy).
 *
 * npm run bench:table   (BENCH_SIZES=2000,5000 to change what runs)
 */
import type { Server } from 'node:http';
import type { WorkloadList, WorkloadListItem } from '@sextant/contracts';
import { freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import { launchBrowser } from '@sextant/testkit/browser';
import { ensureWebBuilt } from '@sextant/testkit';
import type { Page } from 'playwright-core';
import { serveWebApp } from './benchServer.ts';

const SIZES = (process.env.BENCH_SIZES ?? '2000,5000').split(',').map(Number);

/** A namespace of `size` workloads with the variety a real one has: health states, warnings, config. */
export function generateWorkloads(size: number): WorkloadList {
  const statuses = ['Healthy', 'Healthy', 'Healthy', 'Degraded', 'Failure', 'Not Ready'] as const;
  const workloads: WorkloadListItem[] = Array.from({ length: size }, (_, i) => {
    const app = `svc-${String(Math.floor(i / 3)).padStart(4, '0')}`;
    const status = statuses[i % statuses.length]!;
    return {
      name: `${app}-v${(i % 3) + 1}`,
      namespace: `bench-${size}`,
      kind: 'Deployment',
      labels: { app, version: `v${(i % 3) + 1}`, team: `team-${i % 17}` },
      app,
      version: `v${(i % 3) + 1}`,
      replicas: 2,
      readyReplicas: status === 'Failure' ? 0 : 2,
      hasSidecar: i % 29 !== 0,
      health: {
        status,
        reasons: status === 'Healthy' ? [] : [`${(i % 40) + 1}% of HTTP requests got 5xx or no response`],
      },
      warnings:
        i % 29 === 0 ? [{ code: 'missingSidecar', message: `${app} has no istio-proxy sidecar` }] : [],
      istioConfig:
        i % 4 === 0
          ? [{ kind: 'VirtualService', namespace: `bench-${size}`, name: app, via: 'service' }]
          : [],
      traffic: { requestRate: (i % 97) / 3, errorPercent: status === 'Healthy' ? 0 : (i % 40) + 1 },
    };
  });
  return { namespace: `bench-${size}`, duration: 120, workloads };
}

function serve(port: number): Promise<Server> {
  const lists = new Map<number, string>();
  return serveWebApp(port, (url) => {
    if (url.pathname === '/api/namespaces')
      return SIZES.map((n) => ({ name: `bench-${n}`, labels: {}, istioInjection: true, mtls: null }));
    const m = /^\/api\/namespaces\/bench-(\d+)\/workloads$/.exec(url.pathname);
    if (!m) return undefined;
    const size = Number(m[1]);
    let body = lists.get(size);
    if (!body) lists.set(size, (body = JSON.stringify(generateWorkloads(size))));
    return body;
  });
}

interface Result {
  size: number;
  firstRenderMs: number;
  domRows: number;
  scroll: { p50: number; p95: number; frames: number };
  sortMs: number;
  filterMs: number;
}

const percentile = (xs: readonly number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

async function measure(page: Page, base: string, size: number): Promise<Result> {
  await page.goto(`${base}/workloads?namespaces=bench-${size}`);
  await page.waitForFunction(
    (n) =>
      document.querySelector('.data-table__count')?.textContent?.startsWith(`${n.toLocaleString()} rows`) ||
      document.querySelector('.data-table__count')?.textContent?.startsWith(`${n} rows`),
    size,
    { timeout: 60_000 },
  );
  const firstRenderMs = await page.evaluate(() => performance.now());
  const domRows = await page.locator('tr.data-table__row').count();

  const scroll = await page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>('.data-table__scroll')!;
    // The page scrolls when the table is not its own scroller: scroll whichever moves.
    const target = scroller.scrollHeight > scroller.clientHeight + 1 ? scroller : document.scrollingElement!;
    target.scrollTop = 0;
    const deltas: number[] = [];
    let last = performance.now();
    await new Promise<void>((done) => {
      const step = (now: number) => {
        deltas.push(now - last);
        last = now;
        const before = target.scrollTop;
        target.scrollTop = before + 120;
        if (target.scrollTop === before) done();
        else requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    return deltas.slice(1);
  });

  const timeUntil = async (act: () => Promise<void>, done: () => Promise<unknown>) => {
    const start = Date.now();
    await act();
    await done();
    return Date.now() - start;
  };
  await page.evaluate(() => window.scrollTo(0, 0));
  const nameHeader = page.getByRole('button', { name: 'Name', exact: true });
  const firstName = () => page.locator('tr.data-table__row th').first().innerText();
  await nameHeader.click(); // ascending: already the order; the second click measures a real re-sort
  const before = await firstName();
  const sortMs = await timeUntil(
    () => nameHeader.click(),
    () =>
      page.waitForFunction((b) => document.querySelector('tr.data-table__row th')?.textContent !== b, before),
  );
  const wanted = `svc-${String(Math.floor((size - 1) / 3)).padStart(4, '0')}`;
  const filterMs = await timeUntil(
    () => page.getByLabel('Filter').fill(wanted),
    () =>
      page.waitForFunction(
        (w) =>
          [...document.querySelectorAll('tr.data-table__row th')].every((th) =>
            th.textContent?.startsWith(w),
          ),
        wanted,
      ),
  );
  return {
    size,
    firstRenderMs,
    domRows,
    scroll: { p50: percentile(scroll, 0.5), p95: percentile(scroll, 0.95), frames: scroll.length },
    sortMs,
    filterMs,
  };
}

async function main(): Promise<void> {
  await ensureWebBuilt((m) => console.log(m));
  const port = await freeLoopbackPort();
  const server = await serve(port);
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser();
  const results: Result[] = [];
  try {
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      // tsx names the functions it compiles with a `__name` helper the page does not have.
      await context.addInitScript('window.__name = (f) => f;');
      results.push(await measure(await context.newPage(), base, size));
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log('\nWorkloads list (windowed table), headless Chromium (no GPU)');
  console.log('rows   first render  rows in DOM  scroll frames p50 / p95 (n)   sort (Name desc)  filter');
  for (const r of results) {
    console.log(
      `${String(r.size).padEnd(6)} ${`${r.firstRenderMs.toFixed(0)} ms`.padStart(12)}  ${String(r.domRows).padStart(11)}  ` +
        `${`${r.scroll.p50.toFixed(1)} / ${r.scroll.p95.toFixed(1)} ms (${r.scroll.frames})`.padStart(27)}  ` +
        `${`${r.sortMs} ms`.padStart(16)}  ${`${r.filterMs} ms`.padStart(6)}`,
    );
  }
}

await main();
