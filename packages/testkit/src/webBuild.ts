import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, WEB_DIST } from './stack.ts';

/** What the web bundle is built from; a change in any of them makes dist stale. */
const WEB_INPUTS = [
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'apps/web/src',
  'apps/web/public',
  'packages/contracts/src',
  // The web app bundles @sextant/mesh (form mappings, validation helpers) too.
  'packages/mesh/src',
];

/** True when apps/web/dist is missing or older than one of its inputs. */
export function webBuildIsStale(): boolean {
  const builtIndex = path.join(WEB_DIST, 'index.html');
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return WEB_INPUTS.some((input) => newestMtime(path.join(REPO_ROOT, input)) > builtAt);
}

/** Builds the web app when stale (`npm run build -w @sextant/web`); the error carries Vite's output. */
export async function ensureWebBuilt(onProgress: (message: string) => void = () => {}): Promise<void> {
  if (!webBuildIsStale()) return;
  onProgress('building the web app…');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--workspace', '@sextant/web'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`building the web app failed (exit ${code}):\n${output.join('')}`);
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}
