import { describe, expect, it } from 'vitest';
import type { ExitInfo, ManagedChild } from './managedChild.ts';
import type { RestartPolicy } from './restartPolicy.ts';
import { superviseChildren, type SupervisedChild } from './supervisor.ts';

const NO_DELAY: RestartPolicy = { maxFailures: 3, windowMs: 60_000, initialDelayMs: 0, maxDelayMs: 0 };

interface FakeChild extends ManagedChild {
  die(exit: ExitInfo): void;
}

let nextPid = 100;
function fakeChild(): FakeChild {
  let die: (exit: ExitInfo) => void = () => {};
  let stopRequested = false;
  const exited = new Promise<ExitInfo>((resolve) => (die = resolve));
  return {
    name: 'fake',
    pid: nextPid++,
    exited,
    get stopRequested() {
      return stopRequested;
    },
    outputTail: () => 'last words',
    waitForLine: () => Promise.reject(new Error('not used')),
    async stop() {
      stopRequested = true;
      die({ code: null, signal: 'SIGTERM' });
    },
    die,
  };
}

/** A unit whose restarts start fresh fakes (or fail while `failRestarts` is set). */
function fakeUnit(name: string) {
  let child = fakeChild();
  const unit = {
    failRestarts: false,
    restarts: 0,
    get child() {
      return child;
    },
    supervised: {
      name,
      logFile: `/logs/${name}.log`,
      restartNote: 'same port',
      current: () => child,
      async restart() {
        unit.restarts++;
        if (unit.failRestarts) throw new Error('port taken');
        child = fakeChild();
      },
    } satisfies SupervisedChild,
  };
  return unit;
}

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (condition() ? resolve() : setImmediate(poll));
    poll();
  });
}

describe('superviseChildren', () => {
  it('reports a child that died by itself and restarts it', async () => {
    const unit = fakeUnit('prometheus');
    const events: string[] = [];
    const supervisor = superviseChildren([unit.supervised], {
      policy: NO_DELAY,
      onEvent: (m) => events.push(m),
      onGiveUp: () => events.push('gave up'),
    });
    const first = unit.child;
    first.die({ code: null, signal: 'SIGKILL' });
    await until(() => events.length === 2);
    expect(events[0]).toContain(
      `prometheus (pid ${first.pid}) exited by itself (signal SIGKILL); its log: /logs/prometheus.log`,
    );
    expect(events[1]).toBe(`prometheus restarted (pid ${unit.child.pid}): same port`);
    expect(unit.child).not.toBe(first);
    await supervisor.stop();
  });

  it('gives up once when a child keeps dying, counting failed restarts', async () => {
    const unit = fakeUnit('server');
    const events: string[] = [];
    const gaveUp: string[] = [];
    const supervisor = superviseChildren([unit.supervised], {
      policy: NO_DELAY,
      onEvent: (m) => events.push(m),
      onGiveUp: (m) => gaveUp.push(m),
    });
    unit.child.die({ code: 1, signal: null });
    await until(() => unit.restarts === 1);
    unit.failRestarts = true;
    unit.child.die({ code: 1, signal: null });
    await until(() => gaveUp.length === 1);
    expect(unit.restarts).toBe(2);
    expect(gaveUp[0]).toContain('server did not come back: port taken');
    expect(gaveUp[0]).toContain('server: 3 failures within 60 s, giving up.');
    await supervisor.stop();
    expect(gaveUp).toHaveLength(1);
  });

  it('leaves alone a child that was asked to stop, and stops watching on stop()', async () => {
    const unit = fakeUnit('mesh-sim');
    const events: string[] = [];
    const supervisor = superviseChildren([unit.supervised], {
      policy: NO_DELAY,
      onEvent: (m) => events.push(m),
      onGiveUp: (m) => events.push(m),
    });
    await unit.child.stop();
    await supervisor.stop();
    expect(events).toEqual([]);
    expect(unit.restarts).toBe(0);
  });
});
