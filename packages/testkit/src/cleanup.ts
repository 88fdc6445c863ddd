/**
 * Process-wide registry of what must not outlive this process: child process groups (killed
 * synchronously on `exit`, the only thing `exit` allows) and async cleanups such as a whole
 * stack's stop() (run on SIGINT/SIGTERM/SIGHUP before exiting).
 */

type AsyncCleanup = () => Promise<void>;

const groups = new Set<number>();
const cleanups = new Set<AsyncCleanup>();
let installed = false;

const SIGNAL_EXIT_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/** A second Ctrl-C, or cleanups that hang, must still end the process. */
const SIGNAL_CLEANUP_LIMIT_MS = 15_000;

export function registerProcessGroup(pgid: number): () => void {
  install();
  groups.add(pgid);
  return () => groups.delete(pgid);
}

export function registerCleanup(cleanup: AsyncCleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Sends `signal` to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  });
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as NodeJS.Signals[]) {
    process.once(signal, () => void onSignal(signal));
  }
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  const exitCode = SIGNAL_EXIT_CODES[signal] ?? 1;
  // Once is enough: a second signal while cleaning up exits at once (the exit hook still kills the groups).
  for (const other of Object.keys(SIGNAL_EXIT_CODES)) process.once(other, () => process.exit(exitCode));
  setTimeout(() => process.exit(exitCode), SIGNAL_CLEANUP_LIMIT_MS).unref();
  await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  process.exit(exitCode);
}
