import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput, windowText } from './lookBack.ts';
import { DEFAULT_VIEW } from './urlState.ts';

describe('look-back time', () => {
  it('round-trips whole minutes through the local input format', () => {
    const t = Math.floor(new Date(2026, 0, 15, 9, 5).getTime() / 1000);
    expect(toLocalInput(t)).toBe('2026-01-15T09:05');
    expect(fromLocalInput('2026-01-15T09:05')).toBe(t);
  });
  it.each(['', 'yesterday', '2026-01-15', '2026-01-15 09:05'])('rejects %j', (text) => {
    expect(fromLocalInput(text)).toBeUndefined();
  });
});

describe('windowText', () => {
  const base = { ...DEFAULT_VIEW, namespaces: ['bookinfo'], duration: 60 };
  it('names the live window, a look-back and a replay frame by their own windows', () => {
    expect(windowText(base)).toBe('during the last 1m');
    const at = 1_767_225_600;
    const when = new Date(at * 1000).toLocaleString();
    expect(windowText({ ...base, queryTime: at })).toBe(`in the 1m before ${when}`);
    // Six hours in 60 steps: each frame counts the 6 minutes since the one before.
    const replay = { start: at - 6 * 3600, end: at };
    expect(windowText({ ...base, queryTime: at, replay })).toBe(`in the 6m before ${when}`);
    expect(windowText({ ...base, duration: 600, queryTime: at, replay })).toBe(`in the 10m before ${when}`);
  });
});
