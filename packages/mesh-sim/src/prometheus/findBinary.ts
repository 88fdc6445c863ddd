import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const PROMETHEUS_INSTALL_HINT =
  'Prometheus is required. Install it with `sudo apt-get install prometheus` (Debian/Ubuntu) or ' +
  '`brew install prometheus` (macOS), or set PROMETHEUS_BIN to the path of the prometheus binary.';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** PROMETHEUS_BIN first (an explicit choice must not silently fall back), then each PATH entry. */
export function findPrometheusBinary(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.PROMETHEUS_BIN;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new Error(`PROMETHEUS_BIN=${explicit} is not an executable file. ${PROMETHEUS_INSTALL_HINT}`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'prometheus');
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(`prometheus binary not found on PATH. ${PROMETHEUS_INSTALL_HINT}`);
}
