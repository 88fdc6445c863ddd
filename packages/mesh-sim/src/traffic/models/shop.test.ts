import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControllers } from '../../controllers/index.ts';
import { scenarioObjects } from '../../scenarios/index.ts';
import { seed } from '../../scenarios/seed.ts';
import { SHOP_NAMESPACES } from '../../scenarios/shop.ts';
import { ObjectStore } from '../../store/store.ts';
import type { KubeObject } from '../../store/types.ts';
import { readCluster } from '../cluster.ts';
import { TrafficEngine } from '../engine.ts';
import { startTraffic, trafficModelFor } from '../index.ts';
import type { HttpObservation, TcpObservation } from '../observations.ts';
import { CollectingSink } from '../__fixtures__/mesh.ts';
import { shopTrafficModel } from './shop.ts';

const { edge, core, data } = SHOP_NAMESPACES;

/** The shop (or shop + bookinfo) in a store, after the controllers made its pods. */
function shopStore(objects: KubeObject[] = scenarioObjects('shop')): ObjectStore {
  const store = new ObjectStore();
  seed(store, objects);
  const controllers = startControllers(store, { seed: '1', now: () => new Date() });
  controllers.settle();
  controllers.stop();
  return store;
}

describe('shop scenario objects', () => {
  it('spreads the shop over three injected namespaces, with the control plane', () => {
    const objects = scenarioObjects('shop');
    const names = (kind: string, ns?: string) =>
      objects
        .filter((o) => o.kind === kind && (ns === undefined || o.metadata.namespace === ns))
        .map((o) => o.metadata.name);
    expect(names('Namespace')).toEqual(['istio-system', edge, core, data]);
    expect(names('Deployment', edge)).toEqual(['shop-ingressgateway', 'web-v1']);
    expect(names('Deployment', core)).toEqual(['catalog-v1', 'catalog-v2', 'cart-v1', 'checkout-v1']);
    expect(names('Deployment', data)).toEqual(['redis', 'postgres']);
    expect(names('Gateway', edge)).toEqual(['shop-gateway']);
    expect(names('VirtualService', edge)).toEqual(['shop']);
  });

  it('declares gRPC, HTTP and TCP ports the way Istio reads protocols', () => {
    const view = readCluster(shopStore());
    const protocol = (ns: string, name: string) =>
      view.services.get(`${name}.${ns}.svc.cluster.local`)?.ports.map((p) => p.protocol);
    expect(protocol(edge, 'web')).toEqual(['http']);
    for (const app of ['catalog', 'cart', 'checkout']) expect(protocol(core, app)).toEqual(['grpc']);
    expect(protocol(data, 'redis')).toEqual(['tcp']);
    expect(protocol(data, 'postgres')).toEqual(['tcp']);
  });

  it('injects sidecars everywhere but the gateway and postgres', () => {
    const view = readCluster(shopStore());
    const sidecars = Object.fromEntries(
      [...view.workloads.values()]
        .filter((w) => w.namespace.startsWith('shop-'))
        .map((w) => [w.name, w.hasSidecar]),
    );
    expect(sidecars).toEqual({
      'shop-ingressgateway': false,
      'web-v1': true,
      'catalog-v1': true,
      'catalog-v2': true,
      'cart-v1': true,
      'checkout-v1': true,
      redis: true,
      postgres: false,
    });
  });

  it('runs beside bookinfo: shared objects once, both meshes complete', () => {
    const together = scenarioObjects(['bookinfo', 'shop']);
    const keys = together.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.startsWith('Namespace/'))).toEqual([
      'Namespace//istio-system',
      'Namespace//bookinfo',
      'Namespace//default',
      'Namespace//shop-edge',
      'Namespace//shop-core',
      'Namespace//shop-data',
    ]);
    // The control plane (istio-system, istiod's account, deployment and service) once.
    expect(together).toHaveLength(scenarioObjects('bookinfo').length + scenarioObjects('shop').length - 4);
    expect(() => shopStore(together)).not.toThrow();
  });
});

describe('shop traffic', () => {
  // 60 s of traffic at the model's own load: enough requests for shares within a percent or two.
  const sink = new CollectingSink();
  beforeAll(() => {
    const engine = new TrafficEngine({ reader: shopStore(), model: shopTrafficModel(), seed: 3, sink });
    for (let i = 0; i < 60; i++) engine.tick(i * 1000, 1);
    engine.stop();
  });

  const http = (reporter: 'source' | 'destination', from: string, to: string) =>
    sink.http_.filter(
      (o) => o.reporter === reporter && o.source?.canonicalService === from && o.service.name === to,
    );
  const tcp = (reporter: 'source' | 'destination', from: string, to: string) =>
    sink.tcp_.filter(
      (o) => o.reporter === reporter && o.source?.canonicalService === from && o.service.name === to,
    );
  const shareOf = (list: readonly HttpObservation[], status: string) =>
    list.filter((o) => o.grpcStatus === status).length / list.length;

  it('enters over HTTP at the gateway and reaches web', () => {
    const calls = http('destination', 'shop-ingressgateway', 'web');
    expect(calls.length).toBeGreaterThan(400);
    expect(new Set(calls.map((o) => o.protocol))).toEqual(new Set(['http']));
    expect(new Set(calls.map((o) => o.grpcStatus))).toEqual(new Set(['']));
    // The gateway is a proxy itself: it reports as the source.
    expect(http('source', 'shop-ingressgateway', 'web').length).toBe(calls.length);
  });

  it.each([
    ['web', 'catalog'],
    ['web', 'cart'],
    ['web', 'checkout'],
    ['cart', 'catalog'],
    ['checkout', 'cart'],
  ])('%s calls %s over gRPC, answered with HTTP 200 and a grpc-status, over mTLS', (from, to) => {
    for (const reporter of ['source', 'destination'] as const) {
      const calls = http(reporter, from, to);
      expect(calls.length, `${reporter} reports`).toBeGreaterThan(20);
      expect(new Set(calls.map((o) => o.protocol))).toEqual(new Set(['grpc']));
      expect(new Set(calls.map((o) => o.code))).toEqual(new Set([200]));
      expect(calls.every((o) => /^\d+$/.test(o.grpcStatus))).toBe(true);
    }
    expect(new Set(http('destination', from, to).map((o) => o.security))).toEqual(new Set(['mutual_tls']));
  });

  it('sends catalog traffic to both versions', () => {
    const byVersion = new Map<string, number>();
    for (const o of http('destination', 'web', 'catalog'))
      byVersion.set(o.destination!.name, (byVersion.get(o.destination!.name) ?? 0) + 1);
    expect([...byVersion.keys()].sort()).toEqual(['catalog-v1', 'catalog-v2']);
    const [v1, v2] = [byVersion.get('catalog-v1')!, byVersion.get('catalog-v2')!];
    expect(Math.abs(v1 - v2) / (v1 + v2)).toBeLessThan(0.1);
  });

  it('has catalog answer NOT_FOUND to ~3 % of requests, on both reports (never retried)', () => {
    for (const reporter of ['source', 'destination'] as const) {
      const calls = [...http(reporter, 'web', 'catalog'), ...http(reporter, 'cart', 'catalog')];
      expect(shareOf(calls, '5')).toBeGreaterThan(0.015);
      expect(shareOf(calls, '5')).toBeLessThan(0.045);
      expect(shareOf(calls, '5') + shareOf(calls, '0')).toBe(1);
    }
  });

  it("has cart answer UNAVAILABLE to ~5 % of attempts, which Istio's default retries hide from callers", () => {
    const served = [...http('destination', 'web', 'cart'), ...http('destination', 'checkout', 'cart')];
    expect(shareOf(served, '14')).toBeGreaterThan(0.03);
    expect(shareOf(served, '14')).toBeLessThan(0.07);
    const seen = [...http('source', 'web', 'cart'), ...http('source', 'checkout', 'cart')];
    // Three attempts all failing: 0.05³ ≈ 0.0001 of the requests.
    expect(shareOf(seen, '14')).toBeLessThan(0.005);
    expect(served.length).toBeGreaterThan(seen.length);
  });

  it('reaches redis over TCP with mTLS, reported by both proxies', () => {
    const byReporter = (reporter: 'source' | 'destination'): TcpObservation[] =>
      tcp(reporter, 'cart', 'redis');
    expect(byReporter('destination').length).toBeGreaterThan(100);
    expect(byReporter('source').length).toBe(byReporter('destination').length);
    expect(new Set(byReporter('destination').map((o) => o.security))).toEqual(new Set(['mutual_tls']));
    expect(byReporter('destination').every((o) => o.sentBytes > 0 && o.receivedBytes > 0)).toBe(true);
  });

  it('reaches postgres (no sidecar) over plain TCP: only the callers report, without mTLS', () => {
    for (const caller of ['catalog', 'checkout']) {
      expect(tcp('source', caller, 'postgres').length).toBeGreaterThan(20);
      expect(tcp('destination', caller, 'postgres')).toHaveLength(0);
      expect(new Set(tcp('source', caller, 'postgres').map((o) => o.security))).toEqual(new Set(['unknown']));
    }
    expect(sink.tcp_.some((o) => o.reporter === 'destination' && o.service.name === 'postgres')).toBe(false);
  });

  it("turns Envoy's own replies to gRPC callers into HTTP 200 with a grpc-status (cart scaled to 0)", () => {
    const store = shopStore();
    const gr = { group: '', resource: 'pods' };
    for (const pod of store.list(gr).filter((p) => p.metadata.labels?.app === 'cart'))
      store.delete(gr, pod.metadata.namespace, pod.metadata.name);
    const noCart = new CollectingSink();
    const engine = new TrafficEngine({ reader: store, model: shopTrafficModel(), seed: 3, sink: noCart });
    for (let i = 0; i < 5; i++) engine.tick(i * 1000, 1);
    engine.stop();
    const toCart = noCart.http_.filter((o) => o.service.name === 'cart');
    expect(toCart.length).toBeGreaterThan(0);
    expect(new Set(toCart.map((o) => `${o.reporter} ${o.code} ${o.grpcStatus} ${o.flags}`))).toEqual(
      new Set(['source 200 14 UH']),
    );
  });

  it('is the same for the same seed', () => {
    const again = new CollectingSink();
    const engine = new TrafficEngine({
      reader: shopStore(),
      model: shopTrafficModel(),
      seed: 3,
      sink: again,
    });
    for (let i = 0; i < 60; i++) engine.tick(i * 1000, 1);
    engine.stop();
    const summary = (s: CollectingSink) =>
      s.http_.map((o) => `${o.reporter} ${o.destination?.name} ${o.code} ${o.grpcStatus}`).join('\n');
    expect(summary(again)).toBe(summary(sink));
  });
});

describe('shop metrics as Prometheus scrapes them', () => {
  let exposition = '';
  beforeAll(() => {
    const traffic = startTraffic({ reader: shopStore(), scenario: 'shop', tickMs: 0, seed: 3 });
    for (let i = 1; i <= 30; i++) traffic.tickOnce(i * 1000);
    exposition = traffic.registry.serialize();
    traffic.stop();
  });
  afterAll(() => {
    exposition = '';
  });

  const series = (metric: string, ...labels: string[]) =>
    exposition
      .split('\n')
      .filter((line) => line.startsWith(`${metric}{`) && labels.every((l) => line.includes(l)));

  it('labels gRPC requests request_protocol="grpc", response_code="200" and the grpc-status', () => {
    const unavailable = series(
      'istio_requests_total',
      'reporter="destination"',
      'destination_workload="cart-v1"',
      'request_protocol="grpc"',
      'response_code="200"',
      'grpc_response_status="14"',
    );
    expect(unavailable).toHaveLength(2); // called by web and by checkout
    expect(
      series('istio_requests_total', 'destination_workload="catalog-v2"', 'grpc_response_status="5"'),
    ).not.toHaveLength(0);
    // No gRPC request is labelled with an HTTP error code.
    expect(series('istio_requests_total', 'request_protocol="grpc"', 'response_code="5')).toHaveLength(0);
  });

  it('labels the HTTP frontend request_protocol="http" with an empty grpc_response_status', () => {
    const toWeb = series('istio_requests_total', 'destination_workload="web-v1"', 'reporter="destination"');
    expect(toWeb.length).toBeGreaterThan(0);
    expect(
      toWeb.every((l) => l.includes('request_protocol="http"') && l.includes('grpc_response_status=""')),
    ).toBe(true);
  });

  it('counts TCP bytes and connections for redis (both reporters) and postgres (source only)', () => {
    for (const metric of [
      'istio_tcp_sent_bytes_total',
      'istio_tcp_received_bytes_total',
      'istio_tcp_connections_opened_total',
      'istio_tcp_connections_closed_total',
    ]) {
      expect(series(metric, 'destination_workload="redis"', 'reporter="destination"')).toHaveLength(1);
      expect(series(metric, 'destination_workload="redis"', 'reporter="source"')).toHaveLength(1);
      // catalog v1, catalog v2 and checkout call it.
      expect(series(metric, 'destination_workload="postgres"', 'reporter="source"')).toHaveLength(3);
      expect(series(metric, 'destination_workload="postgres"', 'reporter="destination"')).toHaveLength(0);
    }
    expect(
      series('istio_tcp_sent_bytes_total', 'destination_workload="postgres"').every((l) =>
        l.includes('connection_security_policy="unknown"'),
      ),
    ).toBe(true);
  });

  it('plays bookinfo and the shop together when asked for both', () => {
    const model = trafficModelFor(['bookinfo', 'shop']);
    expect(model.entries.map((e) => e.from.app)).toEqual([
      'istio-ingressgateway',
      'sleep',
      'shop-ingressgateway',
    ]);
    expect(new Set(model.workloads.map((w) => w.namespace))).toEqual(new Set(['bookinfo', edge, core, data]));
    expect(model.externals?.map((e) => e.host)).toEqual(['www.googleapis.com']);
  });
});
