import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  decodeViewState,
  encodeViewState,
  formatDuration,
  parseDuration,
  type GraphViewState,
} from './urlState.ts';

const view = (overrides: Partial<GraphViewState> = {}): GraphViewState => ({
  ...DEFAULT_VIEW,
  boxBy: [...DEFAULT_VIEW.boxBy],
  namespaces: [],
  ...overrides,
});

describe('graph view state in the URL', () => {
  it('writes nothing for the defaults and reads the defaults from nothing', () => {
    expect(encodeViewState(view())).toBe('');
    expect(decodeViewState('')).toEqual(view());
  });

  it.each<[string, Partial<GraphViewState>, string]>([
    [
      'namespaces, in the order chosen',
      { namespaces: ['bookinfo', 'istio-system'] },
      'namespaces=bookinfo,istio-system',
    ],
    ['graph type', { graphType: 'workload' }, 'graphType=workload'],
    [
      'a node graph',
      { node: { kind: 'app', namespace: 'bookinfo', name: 'reviews', version: 'v2' } },
      'node=app:bookinfo:reviews:v2',
    ],
    ['duration in units', { duration: 600 }, 'duration=10m'],
    ['odd duration in seconds', { duration: 90 }, 'duration=90s'],
    ['refresh off', { refresh: 0 }, 'refresh=off'],
    ['refresh 1m', { refresh: 60 }, 'refresh=1m'],
    ['look-back time', { queryTime: 1_700_000_000 }, 'queryTime=1700000000'],
    ['edge labels', { edgeLabel: 'rtP95' }, 'edgeLabels=rtP95'],
    [
      'toggles',
      { serviceNodes: false, idleNodes: true, security: false, badges: false },
      'serviceNodes=0&idleNodes=1&security=0&badges=0',
    ],
    ['animation', { animation: 'off' }, 'animation=off'],
    ['no boxes', { boxBy: [] }, 'boxBy='],
    ['boxes by namespace only', { boxBy: ['namespace'] }, 'boxBy=namespace'],
    ['layout', { layout: 'fcose' }, 'layout=fcose'],
    [
      'find and hide, encoded',
      { find: 'name = reviews', hide: '%httperr > 5' },
      'find=name+%3D+reviews&hide=%25httperr+%3E+5',
    ],
    ['selection with colons', { selected: 'app:bookinfo:reviews:v2' }, 'focus=app:bookinfo:reviews:v2'],
    ['legend open', { legend: true }, 'legend=1'],
    ['no node budget', { budget: 0 }, 'budget=0'],
    ['a bigger node budget', { budget: 2000 }, 'budget=2000'],
    ['expanded namespaces', { expand: ['shop', 'pay'] }, 'expand=shop,pay'],
    [
      'a replay at one of its frames',
      { queryTime: 1_700_000_300, replay: { start: 1_700_000_000, end: 1_700_000_900 } },
      'queryTime=1700000300&replay=1700000000..1700000900',
    ],
  ])('%s', (_name, overrides, expected) => {
    const state = view(overrides);
    expect(encodeViewState(state)).toBe(expected);
    expect(decodeViewState(expected)).toEqual(state);
  });

  it('round-trips a full deep link', () => {
    const state = view({
      namespaces: ['bookinfo', 'shop'],
      graphType: 'service',
      duration: 3600,
      refresh: 30,
      queryTime: 1_795_395_473,
      edgeLabel: 'percent',
      serviceNodes: false,
      idleNodes: true,
      security: false,
      badges: false,
      animation: 'on',
      boxBy: ['app'],
      layout: 'fcose',
      find: 'rt > 200 OR !healthy',
      hide: 'namespace = istio-system',
      selected: 'app:bookinfo:reviews:v2->service:Kubernetes:bookinfo:ratings:http',
      legend: true,
      budget: 250,
      expand: ['bookinfo'],
      replay: { start: 1_795_391_873, end: 1_795_395_473 },
    });
    const search = encodeViewState(state);
    expect(decodeViewState(search)).toEqual(state);
    expect(encodeViewState(decodeViewState(search))).toBe(search);
  });

  it.each<[string, string, Partial<GraphViewState>]>([
    ['unknown graph type', 'graphType=pods', {}],
    ['bad duration', 'duration=soon', {}],
    ['zero duration', 'duration=0', {}],
    ['bad refresh', 'refresh=often', {}],
    ['bad query time', 'queryTime=yesterday', {}],
    ['a replay ending before it starts', 'replay=200..100', {}],
    ['negative query time', 'queryTime=-5', {}],
    ['bad edge label', 'edgeLabels=colour', {}],
    ['bad toggle', 'security=maybe', {}],
    ['unknown box kinds dropped', 'boxBy=cluster,app', { boxBy: ['app'] }],
    ['empty and repeated namespaces', 'namespaces=a,,a,b', { namespaces: ['a', 'b'] }],
    ['plain seconds', 'duration=300&refresh=30', { duration: 300, refresh: 30 }],
    ['unknown parameter ignored', 'colour=blue', {}],
    ['bad budget', 'budget=lots', {}],
    ['negative budget', 'budget=-1', {}],
  ])('reads %s leniently', (_name, search, expected) => {
    expect(decodeViewState(search)).toEqual(view(expected));
  });
});

describe('durations', () => {
  it.each([
    [60, '1m'],
    [90, '90s'],
    [3600, '1h'],
    [5400, '90m'],
    [86400, '1d'],
  ])('%i s is %s and back', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
    expect(parseDuration(text)).toBe(seconds);
  });
  it.each(['', '1w', '-1m', '1.5m', 'm'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
