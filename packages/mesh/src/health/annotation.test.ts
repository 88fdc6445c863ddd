import { describe, expect, it } from 'vitest';
import type { AnnotatedObject, RateAnnotationError } from './annotation.ts';
import {
  describeRateAnnotationError,
  HEALTH_RATE_ANNOTATION,
  parseRateAnnotation,
  resolveTolerances,
} from './annotation.ts';
import { DEFAULT_TOLERANCES } from './tolerance.ts';

describe('parseRateAnnotation', () => {
  it('reads every field of every entry', () => {
    const r = parseRateAnnotation('5XX/5/10/http/inbound; 4XX/10/20/http/inbound');
    expect(r).toEqual({
      ok: true,
      tolerances: [
        {
          codes: '5XX',
          matchers: [{ kind: 'pattern', pattern: '5XX' }],
          degraded: 5,
          failure: 10,
          protocol: 'http',
          direction: 'inbound',
        },
        {
          codes: '4XX',
          matchers: [{ kind: 'pattern', pattern: '4XX' }],
          degraded: 10,
          failure: 20,
          protocol: 'http',
          direction: 'inbound',
        },
      ],
    });
  });

  it('defaults protocol and direction to any', () => {
    const r = parseRateAnnotation('404/0/1');
    expect(r.ok && r.tolerances[0]).toMatchObject({ protocol: '*', direction: '*', degraded: 0, failure: 1 });
  });

  it('reads code alternatives, ranges and no-status', () => {
    const r = parseRateAnnotation('5xx|0/0/10;1-16|-/0.5/10.5/grpc/outbound');
    expect(r.ok && r.tolerances.map((t) => t.matchers)).toEqual([
      [
        { kind: 'pattern', pattern: '5XX' },
        { kind: 'pattern', pattern: '0' },
      ],
      [{ kind: 'range', from: 1, to: 16 }, { kind: 'none' }],
    ]);
    expect(r.ok && r.tolerances[1]).toMatchObject({
      degraded: 0.5,
      failure: 10.5,
      protocol: 'grpc',
      direction: 'outbound',
    });
  });

  it.each<[string, RateAnnotationError[]]>([
    ['', [{ kind: 'empty' }]],
    [' ; ', [{ kind: 'empty' }]],
    ['5XX/10', [{ kind: 'fieldCount', entry: 1, found: 2 }]],
    ['5XX/1/2/http/inbound/extra', [{ kind: 'fieldCount', entry: 1, found: 6 }]],
    ['/1/2', [{ kind: 'emptyCodes', entry: 1 }]],
    ['5\\d\\d/1/2', [{ kind: 'badCode', entry: 1, code: '5\\d\\d' }]],
    ['16-1/1/2', [{ kind: 'badCode', entry: 1, code: '16-1' }]],
    ['5XXX/1/2', [{ kind: 'badCode', entry: 1, code: '5XXX' }]],
    ['5XX/abc/2', [{ kind: 'badNumber', entry: 1, field: 'degraded', value: 'abc' }]],
    ['5XX/1/101', [{ kind: 'badNumber', entry: 1, field: 'failure', value: '101' }]],
    ['5XX/-1/2', [{ kind: 'badNumber', entry: 1, field: 'degraded', value: '-1' }]],
    ['5XX/20/10', [{ kind: 'thresholdOrder', entry: 1, degraded: 20, failure: 10 }]],
    ['5XX/1/2/tcp', [{ kind: 'badProtocol', entry: 1, value: 'tcp' }]],
    ['5XX/1/2/http/sideways', [{ kind: 'badDirection', entry: 1, value: 'sideways' }]],
    [
      '4XX/1/2;bad;5XX/x/y',
      [
        { kind: 'fieldCount', entry: 2, found: 1 },
        { kind: 'badNumber', entry: 3, field: 'degraded', value: 'x' },
        { kind: 'badNumber', entry: 3, field: 'failure', value: 'y' },
      ],
    ],
  ])('refuses %j', (text, errors) => {
    expect(parseRateAnnotation(text)).toEqual({ ok: false, errors });
  });

  it('describes each error on one line', () => {
    expect(describeRateAnnotationError({ kind: 'thresholdOrder', entry: 2, degraded: 20, failure: 10 })).toBe(
      'entry 2: degraded 20% is above failure 10%',
    );
  });
});

describe('resolveTolerances', () => {
  const annotated = (describe: string, value?: string): AnnotatedObject => ({
    describe,
    annotations: value === undefined ? {} : { [HEALTH_RATE_ANNOTATION]: value },
  });

  it('takes the most specific valid annotation', () => {
    const r = resolveTolerances(
      [annotated('workload a/w'), annotated('namespace a', '5XX/1/2')],
      DEFAULT_TOLERANCES,
    );
    expect(r.tolerances.map((t) => t.codes)).toEqual(['5XX']);
    expect(r.errors).toEqual([]);
  });

  it('skips a malformed annotation, saying why', () => {
    const r = resolveTolerances(
      [annotated('workload a/w', 'oops'), annotated('namespace a', '4XX/1/2')],
      DEFAULT_TOLERANCES,
    );
    expect(r.tolerances.map((t) => t.codes)).toEqual(['4XX']);
    expect(r.errors).toEqual([
      `workload a/w: ignoring annotation ${HEALTH_RATE_ANNOTATION}: entry 1: expected <codes>/<degraded>/<failure>[/<protocol>[/<direction>]], found 1 field(s)`,
    ]);
  });

  it('falls back to the configured tolerances', () => {
    expect(resolveTolerances([annotated('workload a/w')], DEFAULT_TOLERANCES).tolerances).toBe(
      DEFAULT_TOLERANCES,
    );
  });
});
