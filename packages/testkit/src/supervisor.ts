import type { ExitInfo, ManagedChild } from './managedChild.ts';
import { decideRestart, DEFAULT_RESTART_POLICY, type RestartPolicy } from './restartPolicy.ts';

/** A child process the supervisor restarts when it exits without having been asked to. */
export interface SupervisedChild {
  name: string;
  /** The process running now; undefined while it is paused or restarting. */
  current(): ManagedChild | undefined;
  /** Starts it again where it was (same port, same data); resolves when it is ready. */
  restart(): Promise<void>;
  /** Where its output goes (kept across restarts). */
  logFile?: string;
  /** What a restart means for its user, said after each one (e.g. "a fresh cluster state"). */
  restartNote?: string;
}

export interface SupervisorOptions {
  policy?: RestartPolicy;
  /** One line per exit and per restart, for the console. */
  onEvent: (message: string) => void;
  /** A child failed too often: the caller should stop everything. Called at most once. */
  onGiveUp: (message: string) => void;
  now?: () => number;
}

export interface Supervisor {
  /** Stops watching (exits from now on are expected) and waits for a restart under way. Idempotent. */
  stop(): Promise<void>;
}

const STOPPED = Symbol('stopped');
const TAIL_LINES = 10;

export function superviseChildren(children: SupervisedChild[], options: SupervisorOptions): Supervisor {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const now = options.now ?? Date.now;
  let stopped = false;
  let gaveUp = false;
  let signalStop: () => void = () => {};
  const stopSignal = new Promise<typeof STOPPED>((resolve) => {
    signalStop = () => resolve(STOPPED);
  });
  const sleep = (ms: number) =>
    Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), stopSignal]);

  async function watch(unit: SupervisedChild): Promise<void> {
    let failures: number[] = [];
    for (;;) {
      const child = unit.current();
      if (!child) return;
      const exit = await Promise.race([child.exited, stopSignal]);
      if (exit === STOPPED || stopped || child.stopRequested) return;

      let problem = `${unit.name} (pid ${child.pid}) exited by itself (${describeExit(exit)})${whereToLook(unit, child)}`;
      for (;;) {
        const decision = decideRestart(failures, now(), policy);
        failures = decision.recentFailures;
        const count = `${decision.failuresInWindow} failure${decision.failuresInWindow === 1 ? '' : 's'} within ${policy.windowMs / 1000} s`;
        if (decision.action === 'give-up') {
          if (!gaveUp && !stopped) {
            gaveUp = true;
            options.onGiveUp(`${problem}\n${unit.name}: ${count}, giving up.`);
          }
          return;
        }
        options.onEvent(
          `${problem}\n${unit.name}: restarting in ${formatMs(decision.delayMs)} (${count}; gives up at ${policy.maxFailures})…`,
        );
        if ((await sleep(decision.delayMs)) === STOPPED) return;
        try {
          await unit.restart();
        } catch (err) {
          if (stopped) return;
          problem = `${unit.name} did not come back: ${err instanceof Error ? err.message : String(err)}`;
          continue;
        }
        if (stopped) return;
        const pid = unit.current()?.pid;
        const note = unit.restartNote ? `: ${unit.restartNote}` : '';
        options.onEvent(`${unit.name} restarted (pid ${pid})${note}`);
        break;
      }
    }
  }

  const watching = Promise.all(children.map((unit) => watch(unit)));
  return {
    async stop() {
      stopped = true;
      signalStop();
      await watching;
    },
  };
}

function describeExit(exit: ExitInfo): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function whereToLook(unit: SupervisedChild, child: ManagedChild): string {
  if (unit.logFile) return `; its log: ${unit.logFile}`;
  const tail = child.outputTail().split('\n').slice(-TAIL_LINES).join('\n');
  return tail ? `; its last output:\n${tail}` : '';
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}
