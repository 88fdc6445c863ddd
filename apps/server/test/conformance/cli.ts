/**
 * `npm run conformance [-- --report-only] [--drop-unknown-params] [--only <text>] [--keep]`:
 * runs every Kiali graph fixture against a real Prometheus, mesh-sim and the Sextant server, prints
 * one line per test and the differing fields, and exits non-zero when a test scores below 1.0
 * (never with --report-only).
 */
import { parseArgs } from 'node:util';
import { loadFixtures } from './fixture.ts';
import { runOrder, startConformanceEnvironment, type FixtureResult } from './harness.ts';
import { formatResult, formatSummary } from './report.ts';

const { values } = parseArgs({
  options: {
    'report-only': { type: 'boolean', default: false },
    'drop-unknown-params': { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const started = Date.now();
const all = await loadFixtures();
const fixtures = values.only
  ? all.filter((f) => `${f.id} ${f.kialiTest} ${f.name}`.toLowerCase().includes(values.only!.toLowerCase()))
  : all;
if (fixtures.length === 0) {
  console.error(`no fixture matches "${values.only}"`);
  process.exit(2);
}

const env = await startConformanceEnvironment(fixtures, {
  onProgress: (m) => console.error(m),
  dropUnknownParams: values['drop-unknown-params'],
  keepWorkDir: values.keep,
});
const results: FixtureResult[] = [];
try {
  for (const fixture of runOrder(fixtures)) {
    const result = await env.run(fixture);
    results.push(result);
    console.log(formatResult(result).join('\n'));
  }
} finally {
  await env.stop();
}
console.log(formatSummary(results, (Date.now() - started) / 1000));
const failed = results.some((r) => !r.passed || r.tsdbProblems.length > 0);
process.exit(failed && !values['report-only'] ? 1 : 0);
