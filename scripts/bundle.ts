/**
 * `npm run build:bundles`: compiles the server and the mesh-sim CLI, each into one ES module that
 * plain `node` runs (npm dependencies and the workspace packages, which export TypeScript source,
 * are bundled in; only the server's SQLite addon stays a package beside it). The runtime image then needs no `npm ci`, no
 * tsx and no dev tooling: scripts/runtimeFiles.ts copies what it needs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Bundle {
  entry: string;
  outfile: string;
  /** Packages left out of the bundle: a native addon, loaded from node_modules beside it. */
  external?: readonly string[];
}

const BUNDLES = {
  // better-sqlite3 is a native addon (its .node file is found at run time), so the runtime files
  // carry it in node_modules (scripts/runtimeFiles.ts); pg's optional native binding is never used.
  server: {
    entry: 'apps/server/src/main.ts',
    outfile: 'apps/server/dist/main.mjs',
    external: ['better-sqlite3', 'pg-native'],
  },
  meshSim: {
    entry: 'packages/mesh-sim/src/cli.ts',
    outfile: 'packages/mesh-sim/dist/mesh-sim.mjs',
  },
} as const satisfies Record<string, Bundle>;

// Express, pino and most of client-node's dependencies are CommonJS and `require` Node's
// built-ins; an ES module has no `require` unless it makes one.
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

async function bundle(target: Bundle, define: Record<string, string> = {}): Promise<void> {
  const options: BuildOptions = {
    absWorkingDir: ROOT,
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    platform: 'node',
    // The oldest Node the code supports (CI and these machines); the image runs a newer LTS.
    target: 'node20',
    format: 'esm',
    // Readable stack traces without a map; the map is there for --enable-source-maps.
    minify: false,
    sourcemap: 'linked',
    banner: { js: REQUIRE_SHIM },
    define,
    logLevel: 'warning',
    external: [...(target.external ?? [])],
  };
  await build(options);
  // The entry's own hashbang (`npx tsx`) is wrong for the bundle; one line for one keeps the map right.
  const outfile = path.join(ROOT, target.outfile);
  const code = await readFile(outfile, 'utf8');
  if (code.startsWith('#!')) await writeFile(outfile, code.replace(/^#!.*/, '#!/usr/bin/env node'));
}

async function serverVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'apps/server/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function main(): Promise<void> {
  const started = Date.now();
  await Promise.all([
    bundle(BUNDLES.server, { SEXTANT_BUILD_VERSION: JSON.stringify(await serverVersion()) }),
    bundle(BUNDLES.meshSim),
  ]);
  console.log(
    `bundled ${BUNDLES.server.outfile} and ${BUNDLES.meshSim.outfile} in ${Date.now() - started} ms`,
  );
}

await main();
