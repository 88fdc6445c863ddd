import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { registerProcessGroup, signalGroup } from './cleanup.ts';

export interface ManagedChildOptions {
  /** Used in error messages and as the log file name. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** When set, stdout and stderr are also written to this file (truncated first, unless `appendLog`). */
  logFile?: string;
  /** Append to `logFile` (a restart keeps the log of the run that died). */
  appendLog?: boolean;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  graceMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChild {
  readonly name: string;
  readonly pid: number;
  /** Settles when the process exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** True once stop() was called: an exit from then on was asked for. */
  readonly stopRequested: boolean;
  /** The last lines of stdout and stderr, for error messages. */
  outputTail(): string;
  /** Resolves with the first stdout line matching `pattern`; rejects when the process exits or the time is up. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the process group, SIGKILL after the grace period. Idempotent. */
  stop(): Promise<void>;
}

const TAIL_LINES = 60;

/**
 * Spawns a child in its own process group, so stop() also reaches whatever it spawned
 * (tsx, npm and shells all start grandchildren), and registers it for kill-on-exit.
 */
export function spawnManaged(options: ManagedChildOptions): ManagedChild {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  const pid = child.pid;
  const unregister = registerProcessGroup(pid);

  const tail: string[] = [];
  const lineListeners = new Set<(line: string) => void>();
  const log: WriteStream | undefined = options.logFile
    ? createWriteStream(options.logFile, { flags: options.appendLog ? 'a' : 'w' })
    : undefined;
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    log?.write(`${line}\n`);
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    remember(line);
    for (const listener of lineListeners) listener(line);
  });
  createInterface({ input: child.stderr }).on('line', remember);

  const exited = exitOf(child).then((info) => {
    unregister();
    log?.end();
    return info;
  });
  let stopping: Promise<void> | undefined;

  return {
    name: options.name,
    pid,
    exited,
    get stopRequested() {
      return stopping !== undefined;
    },
    outputTail: () => tail.join('\n'),
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          lineListeners.delete(onLine);
          settle();
        };
        const onLine = (line: string) => {
          const match = line.match(pattern);
          if (match) finish(() => resolve(match));
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(
                failure(options.name, `printed no line matching ${pattern} within ${timeoutMs} ms`, tail),
              ),
            ),
          timeoutMs,
        );
        lineListeners.add(onLine);
        void exited.then((info) =>
          finish(() =>
            reject(failure(options.name, `exited (${describeExit(info)}) before it was ready`, tail)),
          ),
        );
      });
    },
    stop() {
      stopping ??= stopGroup(pid, exited, options.graceMs ?? 5_000);
      return stopping;
    },
  };
}

async function stopGroup(pgid: number, exited: Promise<ExitInfo>, graceMs: number): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  await Promise.race([exited, graceOver]);
  clearTimeout(timer);
  // The leader may be gone while grandchildren linger; they belong to the same group.
  signalGroup(pgid, 'SIGKILL');
  await exited;
}

function exitOf(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

function describeExit(info: ExitInfo): string {
  return info.signal ? `signal ${info.signal}` : `code ${info.code}`;
}

function failure(name: string, what: string, tail: readonly string[]): Error {
  const output =
    tail.length > 0
      ? `\n--- ${name} output (last ${tail.length} lines) ---\n${tail.join('\n')}`
      : ' (no output)';
  return new Error(`${name} ${what}${output}`);
}
