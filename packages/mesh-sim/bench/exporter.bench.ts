/**
 * Exporter and engine cost for a large generated mesh. Run: `npx tsx packages/mesh-sim/bench/exporter.bench.ts`
 * (options: --namespaces 100 --services 20 --warmup 120 --scrape 15).
 *
 * Prints the series and samples one scrape returns, serialization time per scrape (in process and
 * over HTTP), engine CPU per 1 s tick, and the exporter's CPU share of one core at the given
 * scrape interval with one tick per second.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startControllers } from '../src/controllers/index.ts';
import { createMetricsServer } from '../src/metrics/handler.ts';
import { seed } from '../src/scenarios/seed.ts';
import { ObjectStore } from '../src/store/store.ts';
import { generatedScenarioObjects, startTraffic } from '../src/traffic/index.ts';

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '100' },
    services: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '120' },
    scrape: { type: 'string', default: '15' },
    seed: { type: 'string', default: '1' },
  },
});
const namespaces = Number(values.namespaces);
const services = Number(values.services);
const warmupTicks = Number(values.warmup);
const scrapeSeconds = Number(values.scrape);
const seedValue = Number(values.seed);

const cpuMs = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/** Downloads `url` with curl (gzip off, as a plain Prometheus-like client) and returns the body size. */
function curlBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', '-o', '/dev/null', '-w', '%{size_download}', url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(Number(out)) : reject(new Error(`curl exited with ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  let t = performance.now();
  const store = new ObjectStore({ historyLimit: 100 });
  const objects = generatedScenarioObjects({ namespaces, services, seed: seedValue });
  seed(store, objects);
  const controllers = startControllers(store, { seed: String(seedValue), now: () => new Date() });
  controllers.settle();
  const pods = store.list({ group: '', resource: 'pods' }).length;
  console.log(
    `generated --namespaces ${namespaces} --services ${services}: ${objects.length} objects, ${pods} pods (setup ${fmt(performance.now() - t, 0)} ms)`,
  );

  const traffic = startTraffic({
    reader: store,
    scenario: 'generated',
    generated: { namespaces, services, seed: seedValue },
    seed: seedValue,
    tickMs: 0,
  });

  // Warm-up: series appear as rare outcomes (errors, retries) happen; measure at steady state.
  t = performance.now();
  let now = 0;
  const compileStart = process.cpuUsage();
  traffic.tickOnce((now += 1000));
  const firstTickCpu = cpuMs(compileStart);
  for (let i = 1; i < warmupTicks; i++) traffic.tickOnce((now += 1000));
  console.log(
    `warm-up: ${warmupTicks} ticks in ${fmt(performance.now() - t, 0)} ms (first tick incl. routing compile: ${fmt(firstTickCpu)} ms CPU)`,
  );

  const tickCpu: number[] = [];
  let observations = 0;
  for (let i = 0; i < 30; i++) {
    const start = process.cpuUsage();
    observations += traffic.tickOnce((now += 1000)).observations;
    tickCpu.push(cpuMs(start));
  }

  const registry = traffic.registry;
  const serializeCpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const start = process.cpuUsage();
    let chars = 0;
    for (const chunk of registry.chunks()) chars += Buffer.byteLength(chunk);
    serializeCpu.push(cpuMs(start));
    bytes = chars;
  }

  // The same scrape over HTTP, by a separate client process (curl) so only the exporter's CPU is counted here.
  const server = await createMetricsServer(traffic.metricsHandler, 0);
  const httpWall: number[] = [];
  const httpCpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    const t0 = performance.now();
    bytes = await curlBytes(server.url);
    httpWall.push(performance.now() - t0);
    httpCpu.push(cpuMs(start));
  }
  await server.close();

  const tickMs = percentile(tickCpu, 0.5);
  const scrapeMs = percentile(serializeCpu, 0.5);
  // What one scrape really costs the exporter: serialization plus writing it to the socket.
  const httpMs = percentile(httpCpu, 0.5);
  const perScrapeWindow = tickMs * scrapeSeconds + httpMs;
  const labelSets = registry.seriesCount;
  console.log('');
  console.log(`series (label sets over the 8 families): ${labelSets}`);
  console.log(`samples per scrape (lines, histogram buckets counted): ${registry.sampleCount}`);
  console.log(`scrape size: ${fmt(bytes / 1e6)} MB`);
  console.log(
    `serialization per scrape: median ${fmt(scrapeMs)} ms CPU (max ${fmt(Math.max(...serializeCpu))})`,
  );
  console.log(
    `HTTP scrape: median ${fmt(percentile(httpWall, 0.5))} ms wall, ${fmt(percentile(httpCpu, 0.5))} ms CPU (exporter side)`,
  );
  console.log(
    `engine per 1 s tick: median ${fmt(tickMs, 2)} ms CPU, p90 ${fmt(percentile(tickCpu, 0.9), 2)} ms, ${fmt(observations / 30, 0)} proxy reports/s`,
  );
  console.log(
    `CPU use at ${scrapeSeconds} s scrape, 1 s ticks: ${fmt((100 * perScrapeWindow) / (scrapeSeconds * 1000), 2)} % of one core ` +
      `(${fmt(tickMs * scrapeSeconds)} ms ticks + ${fmt(httpMs)} ms HTTP scrape per ${scrapeSeconds} s)`,
  );
  const heap = process.memoryUsage();
  console.log(`memory: heap used ${fmt(heap.heapUsed / 1e6, 0)} MB, rss ${fmt(heap.rss / 1e6, 0)} MB`);
  traffic.stop();
  controllers.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
