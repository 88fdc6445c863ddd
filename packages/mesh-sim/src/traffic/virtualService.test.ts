import { describe, expect, it } from 'vitest';
import type { ConfigEntry, VirtualServiceSpec } from './cluster.ts';
import {
  firstMatchingHttpRoute,
  selectVirtualService,
  type HttpMatch,
  type RequestAttributes,
  type RouteContext,
} from './virtualService.ts';

const mesh: RouteContext = {
  gatewayKeys: undefined,
  port: 9080,
  sourceLabels: { app: 'productpage', version: 'v1' },
  sourceNamespace: 'bookinfo',
};
const req = (o: Partial<RequestAttributes> = {}): RequestAttributes => ({
  method: 'GET',
  path: '/reviews/0?x=1',
  headers: { 'end-user': 'jason' },
  authority: 'reviews:9080',
  ...o,
});
const vs = (
  ns: string,
  name: string,
  spec: VirtualServiceSpec,
  created = '2024-01-01T00:00:00Z',
): ConfigEntry<VirtualServiceSpec> => ({
  namespace: ns,
  name,
  spec,
  created,
});

describe('HTTP match conditions', () => {
  it.each<[string, HttpMatch, RequestAttributes, boolean]>([
    ['header exact', { headers: { 'end-user': { exact: 'jason' } } }, req(), true],
    [
      'header exact, other user',
      { headers: { 'end-user': { exact: 'jason' } } },
      req({ headers: { 'end-user': 'bob' } }),
      false,
    ],
    ['header name case-insensitive', { headers: { 'End-User': { exact: 'jason' } } }, req(), true],
    ['header prefix', { headers: { 'end-user': { prefix: 'ja' } } }, req(), true],
    ['header regex is a full match', { headers: { 'end-user': { regex: 'jas' } } }, req(), false],
    ['header regex', { headers: { 'end-user': { regex: 'jas.*' } } }, req(), true],
    ['header missing', { headers: { 'x-canary': { exact: '1' } } }, req(), false],
    ['withoutHeaders', { withoutHeaders: { 'end-user': { exact: 'jason' } } }, req(), false],
    ['uri exact ignores the query', { uri: { exact: '/reviews/0' } }, req(), true],
    ['uri prefix', { uri: { prefix: '/reviews' } }, req(), true],
    ['uri prefix mismatch', { uri: { prefix: '/ratings' } }, req(), false],
    ['uri regex', { uri: { regex: '/reviews/[0-9]+' } }, req(), true],
    ['ignoreUriCase', { uri: { exact: '/REVIEWS/0' }, ignoreUriCase: true }, req(), true],
    ['method', { method: { exact: 'POST' } }, req(), false],
    ['query param', { queryParams: { x: { exact: '1' } } }, req(), true],
    ['source labels', { sourceLabels: { app: 'productpage' } }, req(), true],
    ['source labels mismatch', { sourceLabels: { app: 'details' } }, req(), false],
    ['port', { port: 9090 }, req(), false],
    ['bad regex never matches', { uri: { regex: '(' } }, req(), false],
  ])('%s', (_name, match, request, expected) => {
    expect(firstMatchingHttpRoute([{ match: [match] }], request, mesh, 'bookinfo') === 0).toBe(expected);
  });

  it('takes the first route whose match list holds, OR within a list', () => {
    const routes = [
      { match: [{ uri: { exact: '/a' } }] },
      { match: [{ uri: { exact: '/b' } }, { headers: { 'end-user': { exact: 'jason' } } }] },
      {},
    ];
    expect(firstMatchingHttpRoute(routes, req(), mesh, 'bookinfo')).toBe(1);
    expect(firstMatchingHttpRoute(routes, req({ headers: {} }), mesh, 'bookinfo')).toBe(2);
    expect(firstMatchingHttpRoute(routes.slice(0, 2), req({ headers: {} }), mesh, 'bookinfo')).toBe(-1);
  });
});

describe('selectVirtualService', () => {
  const host = 'reviews.bookinfo.svc.cluster.local';
  it.each<[string, ConfigEntry<VirtualServiceSpec>[], RouteContext, string | undefined]>([
    ['short host relative to its namespace', [vs('bookinfo', 'a', { hosts: ['reviews'] })], mesh, 'a'],
    ['short host in another namespace', [vs('default', 'a', { hosts: ['reviews'] })], mesh, undefined],
    ['FQDN', [vs('default', 'a', { hosts: [host] })], mesh, 'a'],
    [
      'gateway-only VS does not apply to sidecars',
      [vs('bookinfo', 'a', { hosts: ['reviews'], gateways: ['gw'] })],
      mesh,
      undefined,
    ],
    [
      '"mesh" among gateways applies to sidecars',
      [vs('bookinfo', 'a', { hosts: ['reviews'], gateways: ['gw', 'mesh'] })],
      mesh,
      'a',
    ],
    [
      'gateway context',
      [vs('bookinfo', 'a', { hosts: ['reviews'], gateways: ['gw'] })],
      { ...mesh, gatewayKeys: ['bookinfo/gw'] },
      'a',
    ],
    [
      'exact beats wildcard',
      [
        vs('bookinfo', 'w', { hosts: ['*.bookinfo.svc.cluster.local'] }),
        vs('bookinfo', 'e', { hosts: ['reviews'] }),
      ],
      mesh,
      'e',
    ],
    [
      'oldest wins between equals',
      [
        vs('bookinfo', 'new', { hosts: ['reviews'] }, '2024-02-01T00:00:00Z'),
        vs('bookinfo', 'old', { hosts: ['reviews'] }, '2024-01-01T00:00:00Z'),
      ],
      mesh,
      'old',
    ],
    [
      'exportTo "." hides it from other namespaces',
      [vs('bookinfo', 'a', { hosts: ['reviews'], exportTo: ['.'] })],
      { ...mesh, sourceNamespace: 'default' },
      undefined,
    ],
  ])('%s', (_name, services, ctx, expected) => {
    expect(selectVirtualService(services, host, ctx)?.name).toBe(expected);
  });
});
