// `npm start`: the compiled server (apps/server/dist/main.mjs, from `npm run build`) in this same
// process, so signals reach it directly. Plain JavaScript: starting needs no tsx or other dev tool.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = path.join(root, 'apps/server/dist/main.mjs');

/** What the server bundle and the web app are built from. */
const SOURCES = ['apps/server/src', 'packages/contracts/src', 'packages/mesh/src', 'apps/web/src'];

function newestSource(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(target) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestSource(path.join(target, entry)));
  return newest;
}

if (!existsSync(bundle)) {
  console.error('sextant: the server is not built (no apps/server/dist/main.mjs): run npm run build');
  process.exit(1);
}
const builtAt = statSync(bundle).mtimeMs;
if (SOURCES.some((source) => newestSource(path.join(root, source)) > builtAt)) {
  console.error('sextant: warning: the sources changed since the last build; run npm run build to use them');
}

await import(new URL('../apps/server/dist/main.mjs', import.meta.url).href);
