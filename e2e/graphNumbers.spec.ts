import { describe, expect, it } from 'vitest';
import { GraphPage, type GraphEdge } from './pages/GraphPage.ts';
import { e2eStack } from './support/e2eStack.ts';
import { screenshotsLightDark } from '@sextant/testkit/screenshots';
import {
  expectShown,
  healthLevel,
  healthWord,
  type ApiEdge,
  type ApiGraph,
  type ApiNode,
} from './support/shownNumbers.ts';

/**
 * The web app shows the graph API's numbers for a gRPC/TCP mesh: mesh-sim's shop (gRPC between
 * `shop-core` services with steady NOT_FOUND and UNAVAILABLE shares, TCP to redis with mTLS and
 * to a postgres without sidecar) next to Bookinfo, as `npm run demo` runs them. Every number is
 * read from the page and compared with the JSON the page itself received (intercepted), never
 * with numbers written here, so the spec holds whatever the graph builder computes.
 */
const SHOP = ['shop-core', 'shop-data', 'shop-edge'];
const GRPC_ERROR_SERIES =
  'sum(rate(istio_requests_total{reporter="destination",destination_canonical_service="catalog",source_canonical_service="cart",grpc_response_status!="0"}[1m]))';
const POSTGRES_BYTES_SERIES =
  'sum(rate(istio_tcp_received_bytes_total{destination_canonical_service="postgres"}[1m]))';

describe('graph numbers of a gRPC/TCP mesh (mesh-sim bookinfo+shop + Prometheus + server + Chromium)', () => {
  // A look-back time the whole spec shares: every request for it gets the same answer, and the
  // page fetches it once (no refresh replaces the numbers while they are read).
  let queryTime = 0;
  const e2e = e2eStack({
    scenario: 'bookinfo,shop',
    scrapeIntervalSeconds: 2,
    viewport: { width: 1440, height: 1100 },
    setup: async (stack) => {
      const positive = (s: Array<{ value: number }>) => (s[0]?.value ?? 0) > 0;
      // Wait for gRPC errors and TCP bytes to show in rate(), not a fixed time.
      await stack.prometheus.waitFor(GRPC_ERROR_SERIES, positive, { timeoutMs: 60_000 });
      await stack.prometheus.waitFor(POSTGRES_BYTES_SERIES, positive, { timeoutMs: 60_000 });
      // Rounded up, so the window still holds what was just seen (the window is younger than its
      // 1m, so a later end only adds samples); then wait for a scrape after it, so nothing for the
      // window arrives later.
      queryTime = Math.ceil(Date.now() / 1000);
      await stack.prometheus.waitFor(
        'max(timestamp(istio_requests_total))',
        (s) => (s[0]?.value ?? 0) > queryTime,
        { timeoutMs: 30_000 },
      );
    },
  });

  interface Opened {
    graph: GraphPage;
    /** The page's graph request and the answer it drew. */
    request: URL;
    api: ApiGraph;
    nodes: Map<string, ApiNode>;
    edges: ApiEdge[];
  }

  async function openShop(graphType: 'app' | 'versionedApp'): Promise<Opened> {
    const graph = new GraphPage(await e2e.newPage(), e2e.stack.urls.sextant);
    const query = new URLSearchParams({
      namespaces: SHOP.join(','),
      graphType,
      refresh: 'off',
      queryTime: String(queryTime),
    });
    const { request, body: api } = await graph.openWithGraphResponse<ApiGraph>(query.toString());
    expect(request.searchParams.get('queryTime')).toBe(String(queryTime));
    expect(request.searchParams.get('graphType')).toBe(graphType);
    await graph.waitForDrawing();
    return {
      graph,
      request,
      api,
      nodes: new Map(api.elements.nodes.map((n) => [n.data.id, n.data])),
      edges: api.elements.edges.map((e) => e.data),
    };
  }

  /** The API edge from an app node of `fromApp` to the service (or app) node `to`. */
  function apiEdge(
    o: Opened,
    fromApp: string,
    to: string,
    protocol: ApiEdge['traffic']['protocol'],
  ): ApiEdge {
    const found = o.edges.filter((e) => {
      const s = o.nodes.get(e.source);
      const t = o.nodes.get(e.target);
      return (
        e.traffic.protocol === protocol &&
        s?.nodeType === 'app' &&
        s.app === fromApp &&
        (t?.service === to || (t?.nodeType === 'app' && t.app === to))
      );
    });
    // Versioned graphs: the edge of the lowest version.
    const version = (e: ApiEdge) => o.nodes.get(e.source)?.version ?? '';
    const edge = found.sort((a, b) => version(a).localeCompare(version(b)))[0];
    if (!edge) throw new Error(`the API graph has no ${protocol} edge ${fromApp} -> ${to}`);
    return edge;
  }

  async function drawnEdge(graph: GraphPage, id: string): Promise<GraphEdge> {
    const edge = (await graph.edges()).find((e) => e.id === id);
    if (!edge) throw new Error(`edge ${id} of the API graph is not drawn`);
    return edge;
  }

  /** The label the canvas draws for `edge`: rate (bytes/s for TCP), then the error share if any. */
  function expectEdgeLabel(drawn: GraphEdge, edge: ApiEdge): void {
    const what = `label of ${edge.id}`;
    const rates = edge.traffic.rates ?? {};
    const [first, second] = drawn.label.split('\n');
    expect(drawn.protocol, what).toBe(edge.traffic.protocol);
    if (edge.traffic.protocol === 'tcp') {
      expect(first, what).toMatch(/B\/s$/);
      expectShown(first, rates.tcp ?? 0, what);
      expect(second, what).toBeUndefined();
      return;
    }
    const rate = rates[edge.traffic.protocol] ?? 0;
    const errPct = rates[edge.traffic.protocol === 'grpc' ? 'grpcPercentErr' : 'httpPercentErr'] ?? 0;
    expect(first, what).toMatch(/ rps$/);
    expectShown(first, rate, `${what}, rate`);
    expect(drawn.rate, what).toBe(rate);
    if (errPct > 0) {
      expect(second, what).toMatch(/% err$/);
      expectShown(second, errPct, `${what}, errors`);
    } else {
      expect(second, what).toBeUndefined();
    }
  }

  it.each(['app', 'versionedApp'] as const)(
    '%s graph: every edge label and node health on the canvas is the API answer',
    async (graphType) => {
      const o = await openShop(graphType);
      const drawnEdges = await o.graph.edges();
      expect(drawnEdges.map((e) => e.id).sort()).toEqual(o.edges.map((e) => e.id).sort());
      expect(new Set(o.edges.map((e) => e.traffic.protocol))).toEqual(new Set(['http', 'grpc', 'tcp']));
      for (const edge of o.edges) expectEdgeLabel(await drawnEdge(o.graph, edge.id), edge);

      // The gRPC edge with the catalog's NOT_FOUND share carries it in its label.
      const cartToCatalog = apiEdge(o, 'cart', 'catalog', 'grpc');
      expect(cartToCatalog.traffic.rates?.grpcPercentErr ?? 0).toBeGreaterThan(0);
      expect((await drawnEdge(o.graph, cartToCatalog.id)).label).toMatch(/rps\n.*% err$/);
      // TCP with mTLS (redis has a sidecar) gets the lock, plain TCP to postgres does not.
      const toRedis = apiEdge(o, 'cart', 'redis', 'tcp');
      const toPostgres = apiEdge(o, 'checkout', 'postgres', 'tcp');
      expect(toRedis.isMTLS).toBe(100);
      expect((await drawnEdge(o.graph, toRedis.id)).mtls).toBe('full');
      expect(toPostgres.isMTLS ?? 0).toBe(0);
      expect(['unknown', 'none']).toContain((await drawnEdge(o.graph, toPostgres.id)).mtls);

      const drawnNodes = await o.graph.nodes();
      const leaves = [...o.nodes.values()].filter((n) => n.nodeType !== 'box');
      expect(drawnNodes.map((n) => n.id).sort()).toEqual(leaves.map((n) => n.id).sort());
      for (const node of drawnNodes) {
        expect(node.health, `health of ${node.name}`).toBe(healthLevel(o.nodes.get(node.id)?.health));
      }
      // The page's request asked again gives the same answer: a look-back graph is reproducible.
      const again = await fetch(`${e2e.stack.urls.sextant}${o.request.pathname}${o.request.search}`);
      expect(((await again.json()) as ApiGraph).elements).toEqual(o.api.elements);

      await screenshotsLightDark(o.graph, `graph-shop-${graphType}`);
      // Fitted, three namespaces side by side leave the labels small: a closer look at shop-core.
      await o.graph.zoomIn(2);
      await screenshotsLightDark(o.graph, `graph-shop-${graphType}-zoomed`);
    },
  );

  it('side panel of the cart -> catalog gRPC edge: rate, errors, mTLS and responses are the API answer', async () => {
    const o = await openShop('versionedApp');
    const edge = apiEdge(o, 'cart', 'catalog', 'grpc');
    const rates = edge.traffic.rates ?? {};
    await o.graph.click(await drawnEdge(o.graph, edge.id));
    await o.graph.details.getByRole('heading', { name: /^cart v\d+\s*→\s*catalog$/ }).waitFor();
    expect(o.graph.param('focus')).toBe(edge.id);
    expect(await o.graph.details.getByText(/^Edge ·/).innerText()).toMatch(/gRPC$/i);

    expectShown(await o.graph.stat('Request rate').innerText(), rates.grpc, 'Request rate');
    expectShown(await o.graph.stat('Errors').innerText(), rates.grpcPercentErr ?? 0, 'Errors');
    expectShown(await o.graph.stat('mTLS').innerText(), edge.isMTLS, 'mTLS');
    expect((await o.graph.detailsHealth()).word).toBe(healthWord(edge.health));

    // Requests by outcome: OK is what the errors leave, errors are the API's grpcErr.
    const outcomes = await o.graph.detailsTable('Requests by outcome');
    expect(outcomes.map(([label]) => label)).toEqual(
      (rates.grpcErr ?? 0) > 0 ? ['OK', 'Error (non-OK status)'] : ['OK'],
    );
    expectShown(outcomes[0]![1], (rates.grpc ?? 0) - (rates.grpcErr ?? 0), 'OK rps');
    if (outcomes[1]) expectShown(outcomes[1][1], rates.grpcErr, 'Error rps');

    // One row per gRPC status and response flag, with the API's percentage.
    const rows = await o.graph.detailsTable('Responses');
    const expected = Object.entries(edge.traffic.responses ?? {}).flatMap(([code, d]) =>
      Object.entries(d.flags ?? {}).map(([flags, percent]) => ({ code, flags, percent })),
    );
    expect(expected.map((r) => r.code)).toEqual(expect.arrayContaining(['0']));
    expect(expected.some((r) => r.code !== '0')).toBe(true);
    expect(rows).toHaveLength(expected.length);
    for (const [codeCell, flagsCell, percentCell] of rows) {
      const code = codeCell!.split(' ')[0]!;
      const flags = flagsCell === 'none' ? '-' : flagsCell!;
      const api = expected.find((r) => r.code === code && r.flags === flags);
      expect(api, `row ${codeCell} ${flagsCell}`).toBeDefined();
      expectShown(percentCell, api!.percent, `% of requests, ${codeCell} ${flagsCell}`);
      if (code === '5') expect(codeCell).toBe('5 NOT_FOUND');
    }
    await o.graph.details.getByText('p99').waitFor();
    await screenshotsLightDark(o.graph, 'graph-shop-grpc-edge');
  });

  it('side panel of TCP edges: bytes/s from the API tcp rate, mTLS, connections by flag', async () => {
    const o = await openShop('versionedApp');
    for (const [from, to] of [
      ['catalog', 'postgres'],
      ['cart', 'redis'],
    ] as const) {
      const edge = apiEdge(o, from, to, 'tcp');
      await o.graph.click(await drawnEdge(o.graph, edge.id));
      await o.graph.details
        .getByRole('heading', { name: new RegExp(`^${from} v\\d+\\s*→\\s*${to}$`) })
        .waitFor();
      expect(o.graph.param('focus')).toBe(edge.id);
      expect(await o.graph.details.getByText(/^Edge ·/).innerText()).toMatch(/TCP$/i);

      const throughput = await o.graph.stat('Throughput').innerText();
      expect(throughput).toMatch(/B\/s$/);
      expectShown(throughput, edge.traffic.rates?.tcp, `${from} -> ${to} throughput`);
      const mtls = await o.graph.stat('mTLS').innerText();
      if (edge.isMTLS === undefined) expect(mtls).toBe('not reported');
      else expectShown(mtls, edge.isMTLS, `${from} -> ${to} mTLS`);
      expect(await o.graph.stat('Request rate').count()).toBe(0);

      const rows = await o.graph.detailsTable('Connections');
      const expected = Object.values(edge.traffic.responses ?? {}).flatMap((d) =>
        Object.entries(d.flags ?? {}),
      );
      expect(rows).toHaveLength(expected.length);
      for (const [flagsCell, percentCell] of rows) {
        const api = expected.find(([flags]) => flags === (flagsCell === 'none' ? '-' : flagsCell));
        expect(api, `row ${flagsCell}`).toBeDefined();
        expectShown(percentCell, api![1], `${from} -> ${to} % of connections, ${flagsCell}`);
      }
      if (to === 'postgres') await screenshotsLightDark(o.graph, 'graph-shop-tcp-edge');
    }
  });

  it('side panel of the cart node: health, its reasons and the inbound gRPC numbers are the API answer', async () => {
    const o = await openShop('versionedApp');
    const cart = [...o.nodes.values()].find((n) => n.nodeType === 'app' && n.app === 'cart' && n.version);
    expect(cart).toBeDefined();
    const drawn = (await o.graph.nodes()).find((n) => n.id === cart!.id)!;
    expect(drawn.health).toBe(healthLevel(cart!.health));
    await o.graph.click(drawn);
    await o.graph.details.getByRole('heading', { name: `cart ${cart!.version}`, exact: true }).waitFor();
    expect(o.graph.param('focus')).toBe(cart!.id);

    const health = await o.graph.detailsHealth();
    expect(health.word).toBe(healthWord(cart!.health));
    expect(health.reasons).toEqual(cart!.healthReasons ?? []);
    const grpc = cart!.traffic?.find((t) => t.protocol === 'grpc')?.rates ?? {};
    expect(grpc.grpcIn ?? 0).toBeGreaterThan(0);
    expectShown(await o.graph.stat('Inbound').innerText(), grpc.grpcIn, 'Inbound');
    expectShown(
      await o.graph.stat('Inbound errors').innerText(),
      ((grpc.grpcInErr ?? 0) / grpc.grpcIn!) * 100,
      'Inbound errors',
    );
    const tcpOut = cart!.traffic?.find((t) => t.protocol === 'tcp')?.rates?.tcpOut;
    expectShown(await o.graph.stat('TCP out').innerText(), tcpOut, 'TCP out');
  });
});
