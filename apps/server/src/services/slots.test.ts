import { describe, expect, it } from 'vitest';
import { Slots } from './slots.ts';

/** Whether `promise` has settled once pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setImmediate(r));
  return done;
}

describe('Slots', () => {
  it('gives out `size` slots at once; the next caller waits until one is given back', async () => {
    const slots = new Slots(2);
    const a = await slots.take();
    await slots.take();
    const third = slots.take();
    expect(await settled(third)).toBe(false);
    expect([slots.busy, slots.waiting]).toEqual([2, 1]);
    a();
    expect(await settled(third)).toBe(true);
    expect([slots.busy, slots.waiting]).toEqual([2, 0]);
  });

  it('hands freed slots out in arrival order', async () => {
    const slots = new Slots(1);
    const first = await slots.take();
    const order: string[] = [];
    const waiters = ['b', 'c', 'd'].map((name) =>
      slots.take().then((release) => {
        order.push(name);
        release();
      }),
    );
    first();
    await Promise.all(waiters);
    expect(order).toEqual(['b', 'c', 'd']);
    expect(slots.busy).toBe(0);
  });

  it('gives a slot back once, however often its release is called', async () => {
    const slots = new Slots(1);
    const release = await slots.take();
    release();
    release();
    expect(slots.busy).toBe(0);
    const again = await slots.take();
    const next = slots.take();
    release();
    expect(await settled(next)).toBe(false);
    again();
    expect(await settled(next)).toBe(true);
  });

  it('lets a waiter leave when its signal aborts: it holds nothing, and the next in line gets its turn', async () => {
    const slots = new Slots(1);
    const held = await slots.take();
    const gone = new AbortController();
    const leaving = slots.take(gone.signal);
    const staying = slots.take();
    gone.abort(new Error('client gone'));
    await expect(leaving).rejects.toThrow('client gone');
    expect(slots.waiting).toBe(1);
    held();
    expect(await settled(staying)).toBe(true);
    expect(slots.busy).toBe(1);
  });

  it('refuses at once with an aborted signal, and ignores an abort after the slot was given', async () => {
    const slots = new Slots(1);
    const gone = new AbortController();
    gone.abort(new Error('already gone'));
    await expect(slots.take(gone.signal)).rejects.toThrow('already gone');
    expect(slots.busy).toBe(0);

    const later = new AbortController();
    const release = await slots.take(later.signal);
    later.abort();
    expect(slots.busy).toBe(1);
    release();
    expect(slots.busy).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a size of %s', (size) => {
    expect(() => new Slots(size)).toThrow(RangeError);
  });
});
