/**
 * Copies what a target needs at run time, and nothing else, into a folder: the Dockerfile's
 * runtime stages are made of this folder, and scripts/test/runtime.itest.ts starts it with plain
 * `node`. The bundles carry their npm dependencies (scripts/bundle.ts), so there is nothing to
 * install: the server's one native addon (better-sqlite3, built by `npm ci`) is copied as built.
 *
 *   tsx scripts/runtimeFiles.ts [--target server|mesh-sim] OUT_DIR
 *
 * The layout under OUT_DIR is the repository's, so the server finds the web app beside itself
 * (apps/server/dist/main.mjs -> apps/web/dist) as it does in a checkout.
 */
import { cp, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const TARGETS = {
  server: [
    'apps/server/dist/main.mjs',
    'apps/server/dist/main.mjs.map',
    'apps/web/dist',
    // The change history's SQLite addon (kept out of the bundle) and what it loads at run time.
    'node_modules/better-sqlite3/package.json',
    'node_modules/better-sqlite3/lib',
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    'node_modules/bindings',
    'node_modules/file-uri-to-path',
  ],
  'mesh-sim': ['packages/mesh-sim/dist/mesh-sim.mjs', 'packages/mesh-sim/dist/mesh-sim.mjs.map'],
} as const;

type Target = keyof typeof TARGETS;

function fail(message: string): never {
  console.error(`runtimeFiles: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { target: { type: 'string', default: 'server' } },
    allowPositionals: true,
  });
  const target = values.target;
  if (!Object.hasOwn(TARGETS, target)) fail(`--target must be one of ${Object.keys(TARGETS).join(', ')}`);
  if (positionals.length !== 1) fail('usage: runtimeFiles.ts [--target server|mesh-sim] OUT_DIR');
  const outDir = path.resolve(positionals[0]!);

  for (const file of TARGETS[target as Target]) {
    const from = path.join(ROOT, file);
    if (!(await stat(from).catch(() => undefined))) fail(`${file} is missing: run npm run build`);
    await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
    await cp(from, path.join(outDir, file), { recursive: true });
  }
}

await main();
