import { describe, expect, it } from 'vitest';
import { linesOf, splitTimestamp } from './logs.service.ts';

describe('splitTimestamp', () => {
  it.each([
    [
      '2025-01-01T12:00:00.123456789Z hello world',
      { time: '2025-01-01T12:00:00.123456789Z', text: 'hello world' },
    ],
    ['2025-01-01T12:00:00+02:00 x', { time: '2025-01-01T12:00:00+02:00', text: 'x' }],
    ['2025-01-01T12:00:00Z ', { time: '2025-01-01T12:00:00Z', text: '' }],
    ['no timestamp here', { time: '', text: 'no timestamp here' }],
    ['', { time: '', text: '' }],
  ])('%j', (line, expected) => {
    expect(splitTimestamp(line)).toEqual(expected);
  });
});

describe('linesOf', () => {
  it('joins chunks split anywhere into whole lines', async () => {
    async function* chunks() {
      yield '2025-01-01T12:00:00Z a';
      yield 'b\n2025-01-01T12:00:01Z c\n2025-';
      yield '01-01T12:00:02Z d';
    }
    const out = [];
    for await (const line of linesOf(chunks())) out.push(line.text);
    expect(out).toEqual(['ab', 'c', 'd']);
  });
});
