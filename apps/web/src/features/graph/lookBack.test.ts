import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './lookBack.ts';

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
