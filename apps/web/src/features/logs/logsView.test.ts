import { parseAccessLogLine } from '@sextant/mesh';
import { describe, expect, it } from 'vitest';
import { appendRows, filterRows, highlightParts, toRows, upstreamLabel, type LogRow } from './logsView.ts';

const ACCESS = (code: number, cluster: string) =>
  `[2026-12-04T22:08:24.194Z] "GET /reviews/0 HTTP/1.1" ${code} - via_upstream - "-" 0 10 3 2 "-" "-" "id" "reviews:9080" "10.0.0.6:9080" ${cluster} - 10.0.0.6:9080 10.0.0.2:1 - default`;

const rows = (...texts: string[]): LogRow[] =>
  toRows(
    texts.map((text) => ({ time: '2026-12-04T22:08:24.194000000Z', text })),
    0,
    true,
  );

describe('filterRows', () => {
  const all = rows('GET /reviews 200', 'GET /ratings 503 UH', 'Envoy proxy is ready');
  it.each([
    ['', 3],
    ['  ', 3],
    ['503', 1],
    ['get', 2],
    ['ENVOY', 1],
    ['nothing', 0],
  ])('%j keeps %i', (search, count) => {
    expect(filterRows(all, search)).toHaveLength(count);
  });
});

describe('highlightParts', () => {
  it.each([
    ['abc', '', [{ text: 'abc', match: false }]],
    [
      'GET /a GET',
      'get',
      [
        { text: 'GET', match: true },
        { text: ' /a ', match: false },
        { text: 'GET', match: true },
      ],
    ],
    [
      'x503y',
      '503',
      [
        { text: 'x', match: false },
        { text: '503', match: true },
        { text: 'y', match: false },
      ],
    ],
  ])('%j / %j', (text, search, expected) => {
    expect(highlightParts(text, search)).toEqual(expected);
  });
});

describe('appendRows', () => {
  it('keeps the newest rows up to the limit', () => {
    const kept = appendRows(rows('a', 'b'), toRows([{ time: '', text: 'c' }], 2, false), 2);
    expect(kept.map((r) => r.text)).toEqual(['b', 'c']);
  });
});

describe('upstreamLabel', () => {
  it.each([
    ['outbound|9080||reviews.bookinfo.svc.cluster.local', 'reviews.bookinfo:9080'],
    ['inbound|9080||', 'inbound :9080'],
    ['PassthroughCluster', 'PassthroughCluster'],
  ])('%s -> %s', (cluster, expected) => {
    expect(upstreamLabel(parseAccessLogLine(ACCESS(200, cluster))!)).toBe(expected);
  });
});
