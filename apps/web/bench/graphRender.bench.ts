/**
 * Render benchmark of the graph page: serves the built web app with generated graphs of 100, 500
 * and 1,000 nodes in place of the server, opens each in headless Chromium and prints
 *  - first render: from navigation start to the first paint of the laid-out graph (JS load,
 *    fetch, validation, layout in the worker, drawing), and the layout's own share;
 *  - frame time while panning and zooming for 3 s (p50 / p95), with the page's default
 *    settings (traffic animation on below 150 nodes, off above).
 *
 * npm run bench:web   (BENCH_SIZES=100,500 and BENCH_RUNS=3 to change what runs)
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import { launchBrowser } from '@sextant/testkit/browser';
import { WEB_DIST, ensureWebBuilt } from '@sextant/testkit';
import { generateGraph } from './generateGraph.ts';

const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const FRAME_MS = 3_000;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

function serve(port: number): Promise<Server> {
  const graphs = new Map<number, string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname === '/api/namespaces') {
      return json(SIZES.map((n) => ({ name: `bench-${n}`, labels: {}, istioInjection: true, mtls: null })));
    }
    if (url.pathname === '/api/mesh/tls') return json({ status: 'ENABLED' });
    if (url.pathname === '/api/namespaces/graph') {
      const size = Number(/bench-(\d+)/.exec(url.searchParams.get('namespaces') ?? '')?.[1] ?? 100);
      let body = graphs.get(size);
      if (!body) graphs.set(size, (body = JSON.stringify(generateGraph(size))));
      return json(body);
    }
    if (url.pathname.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'not in the benchmark' } }));
    }
    const file = path.join(WEB_DIST, path.normalize(url.pathname));
    const target =
      file.startsWith(WEB_DIST) && existsSync(file) && statSync(file).isFile()
        ? file
        : path.join(WEB_DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

interface Result {
  size: number;
  edges: number;
  firstRenderMs: number;
  layoutMs: number;
  animation: boolean;
  p50: number;
  p95: number;
  fallback?: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  await ensureWebBuilt((m) => console.log(m));
  const port = await freeLoopbackPort();
  const server = await serve(port);
  const browser = await launchBrowser();
  const results: Result[] = [];
  try {
    for (const size of SIZES) {
      const runs: Result[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/graph?namespaces=bench-${size}&refresh=off`);
        await page.waitForFunction(
          () => {
            const hook = (globalThis as unknown as { __sextant?: { graph?: { version: number } } }).__sextant
              ?.graph;
            return (hook?.version ?? 0) >= 1;
          },
          null,
          { timeout: 120_000 },
        );
        const measured = await page.evaluate(async (frameMs) => {
          type Hook = {
            drawnAt: number;
            layoutMs: number;
            layoutFallback?: string;
            edges(): unknown[];
            measureFrames(ms: number): Promise<{ p50Ms: number; p95Ms: number }>;
          };
          const hook = (globalThis as unknown as { __sextant: { graph: Hook } }).__sextant.graph;
          const frames = await hook.measureFrames(frameMs);
          return {
            firstRenderMs: hook.drawnAt,
            layoutMs: hook.layoutMs,
            edges: hook.edges().length,
            fallback: hook.layoutFallback,
            p50: frames.p50Ms,
            p95: frames.p95Ms,
          };
        }, FRAME_MS);
        runs.push({ size, animation: size - 1 <= 150, ...measured });
        await context.close();
      }
      const r: Result = {
        ...runs[0]!,
        firstRenderMs: median(runs.map((x) => x.firstRenderMs)),
        layoutMs: median(runs.map((x) => x.layoutMs)),
        p50: median(runs.map((x) => x.p50)),
        p95: median(runs.map((x) => x.p95)),
      };
      results.push(r);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(`\ngraph page render, headless Chromium (software rendering), median of ${RUNS} run(s)`);
  console.log('nodes  edges  first render    layout   animation  frame p50  frame p95');
  for (const r of results) {
    console.log(
      `${String(r.size).padStart(5)}  ${String(r.edges).padStart(5)}  ${fmt(r.firstRenderMs)}  ${fmt(r.layoutMs)}  ${(r.animation ? 'on' : 'off').padStart(9)}  ${r.p50.toFixed(1).padStart(6)} ms  ${r.p95.toFixed(1).padStart(6)} ms${r.fallback ? `  (layout without boxes: ${r.fallback})` : ''}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
