import type { ManagedChild } from './managedChild.ts';

export interface WaitForHttpOptions {
  timeoutMs: number;
  /** Fail at once if this process exits while we wait. */
  child?: ManagedChild;
  intervalMs?: number;
}

/** Polls `url` until it answers 200; the error carries the last answer and the child's output. */
export async function waitForHttpOk(url: string, options: WaitForHttpOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let exited = false;
  void options.child?.exited.then(() => {
    exited = true;
  });
  let last = 'no answer yet';
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${body.slice(0, 300)}`;
    } catch (err) {
      last =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
  const child = options.child;
  const why = exited ? 'exited' : `not answering 200 after ${options.timeoutMs} ms`;
  const output = child ? `\n--- ${child.name} output ---\n${child.outputTail()}` : '';
  throw new Error(`${child?.name ?? url} ${why} (${url}: ${last})${output}`);
}
