// `npm run demo` on a fresh clone: install the npm dependencies if they are missing, then run
// scripts/demo.ts in this same process through tsx (no extra process to forward signals to).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

if (!existsSync(new URL('../node_modules/tsx/package.json', import.meta.url))) {
  console.log('Installing npm dependencies (npm install)…');
  const install = spawnSync('npm', ['install'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) {
    console.error('demo: npm install failed; fix the error above and run `npm run demo` again.');
    process.exit(1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import('./demo.ts');
