import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import { registerCleanup } from './cleanup.ts';
import { spawnManaged, type ManagedChild } from './managedChild.ts';

export interface RunningPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication on loopback). */
  url: string;
  stop(): Promise<void>;
}

/** Debian's layout (`/usr/lib/postgresql/<major>/bin`), newest first, or `POSTGRES_BIN_DIR`. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env['POSTGRES_BIN_DIR'];
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((d) => existsSync(path.join(root, d, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], 'bin') : undefined;
}

/**
 * A throwaway PostgreSQL server on a free loopback port, in a temporary data directory, for tests
 * that need a real one (Debian package `postgresql`). PostgreSQL refuses to run as root, so as root
 * it runs as `nobody`. `stop()` ends it and removes the directory.
 */
export async function startPostgres(options: { timeoutMs?: number } = {}): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error('PostgreSQL is not installed: apt-get install postgresql (or set POSTGRES_BIN_DIR)');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'sextant-pg-'));
  const data = path.join(dir, 'data');
  const asUser = (command: string, args: string[]): [string, string[]] =>
    root
      ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', command, ...args]]
      : [command, args];
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const cleanDir = () => rmSync(dir, { recursive: true, force: true });
  let child: ManagedChild | undefined;
  const unregister = registerCleanup(async () => {
    await child?.stop();
    cleanDir();
  });
  try {
    const [initCmd, initArgs] = asUser(path.join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    execFileSync(initCmd, initArgs, { stdio: 'pipe', cwd: dir });
    const port = await freeLoopbackPort();
    const [cmd, args] = asUser(path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ]);
    child = spawnManaged({ name: 'postgres', command: cmd, args, cwd: dir });
    const started = child;
    await waitForReady(path.join(bin, 'pg_isready'), port, options.timeoutMs ?? 30_000, () =>
      started.outputTail(),
    );
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      async stop() {
        await started.stop();
        cleanDir();
        unregister();
      },
    };
  } catch (err) {
    await child?.stop();
    cleanDir();
    unregister();
    throw err;
  }
}

/** Until `pg_isready` says the server accepts connections (an open port may still be starting up). */
async function waitForReady(
  pgIsReady: string,
  port: number,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await new Promise<boolean>((resolve) => {
      execFile(pgIsReady, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-t', '1'], (err) =>
        resolve(err === null),
      );
    });
    if (ready) return;
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL was not ready on port ${port} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
