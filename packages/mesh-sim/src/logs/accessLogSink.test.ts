import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../store/store.ts';
import { readCluster } from '../traffic/cluster.ts';
import { apply, ns, pods, svc } from '../traffic/__fixtures__/mesh.ts';
import type { HttpObservation } from '../traffic/observations.ts';
import { AccessLogSink, LOG_SPAN_SECONDS, MAX_LINES_PER_SECOND } from './accessLogSink.ts';
import { PodLogStore } from './podLogStore.ts';

const NOW = Date.parse('2026-12-04T22:00:10.000Z');
const LINE =
  /^\[(\S+)\] "GET \/ratings\/\d HTTP\/1\.1" (\d{3}) (\S+) (\S+) - "-" \d+ \d+ \d+ \S+ "-" "-" "[0-9a-f-]{36}" "ratings:9080" "(\S+)" (\S+) \S+ \S+ \S+ \S+ default$/;

function setup(logs = new PodLogStore()) {
  const store = new ObjectStore();
  apply(store, [
    ns('bookinfo'),
    ...pods('bookinfo', 'ratings', { version: 'v1' }),
    ...pods('bookinfo', 'reviews', { version: 'v1' }),
    svc('bookinfo', 'ratings', [{ name: 'http', port: 9080 }]),
  ]);
  const view = readCluster(store);
  const ratings = view.workloads.get('bookinfo/ratings-v1')!;
  const reviews = view.workloads.get('bookinfo/reviews-v1')!;
  const sink = new AccessLogSink(store, logs, 7);
  const podOf = (app: string) => view.pods.find((p) => p.workload.name === `${app}-v1`)!.name;
  const observation = (o: Partial<HttpObservation>): HttpObservation => ({
    reporter: 'destination',
    source: reviews,
    service: { host: 'ratings.bookinfo.svc.cluster.local', name: 'ratings', namespace: 'bookinfo' },
    destination: ratings,
    protocol: 'http',
    code: 200,
    grpcStatus: '',
    flags: '-',
    security: 'mutual_tls',
    durationMs: 12,
    requestBytes: 100,
    responseBytes: 200,
    ...o,
  });
  return { logs, sink, podOf, observation };
}

const accessLines = <L extends { text: string }>(lines: L[]): L[] =>
  lines.filter((l) => l.text.startsWith('['));

describe('AccessLogSink', () => {
  it("writes each proxy's report to its pod: inbound on the server's sidecar, outbound with flags on the caller's, app lines beside", () => {
    const { logs, sink, podOf, observation } = setup();
    sink.http(observation({}));
    sink.http(
      observation({
        reporter: 'source',
        destination: undefined,
        code: 503,
        flags: 'UH',
        security: 'unknown',
      }),
    );
    sink.flush(NOW, 1);
    const inbound = accessLines(logs.read('bookinfo', podOf('ratings'), 'istio-proxy'));
    expect(inbound).toHaveLength(1);
    const [, time, code, flags, details, upstreamHost, cluster] = LINE.exec(inbound[0]!.text)!;
    expect([code, flags, details, cluster]).toEqual(['200', '-', 'via_upstream', 'inbound|9080||']);
    expect(upstreamHost).toMatch(/:9080$/);
    expect(Date.parse(time!)).toBeLessThanOrEqual(NOW);
    expect(logs.read('bookinfo', podOf('ratings'), 'ratings').at(-1)!.text).toMatch(
      /INFO {2}GET \/ratings\/\d -> 200 in 12 ms$/,
    );

    const outbound = accessLines(logs.read('bookinfo', podOf('reviews'), 'istio-proxy'));
    const [, , code2, flags2, details2, host2, cluster2] = LINE.exec(outbound[0]!.text)!;
    expect([code2, flags2, details2, host2, cluster2]).toEqual([
      '503',
      'UH',
      'no_healthy_upstream',
      '-',
      'outbound|9080||ratings.bookinfo.svc.cluster.local',
    ]);
  });

  it('samples a busy proxy down to the per-second bound, lines in time order', () => {
    const { logs, sink, podOf, observation } = setup();
    for (let i = 0; i < 1000; i++) sink.http(observation({}));
    sink.flush(NOW, 1);
    const lines = accessLines(logs.read('bookinfo', podOf('ratings'), 'istio-proxy'));
    expect(lines).toHaveLength(MAX_LINES_PER_SECOND);
    const times = lines.map((l) => l.timeMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('writes fewer lines a second where each container keeps fewer, so they still reach back the log span', () => {
    // A mesh so big that each container keeps 100 lines: 100 / 120 s, a line in most seconds.
    const { logs, sink, podOf, observation } = setup(new PodLogStore(3000, 100 * 1000, 100));
    for (let i = 0; i < 1000; i++) logs.append('other', `pod-${i}`, 'app', { timeMs: NOW, text: 'x' });
    expect(logs.perContainer).toBe(100);
    expect(sink.linesPerSecond).toBeCloseTo(100 / LOG_SPAN_SECONDS);
    const seconds = 240;
    for (let t = 0; t < seconds; t++) {
      for (let i = 0; i < 50; i++) sink.http(observation({}));
      sink.flush(NOW + t * 1000, 1);
    }
    const kept = logs.read('bookinfo', podOf('ratings'), 'istio-proxy');
    const written = accessLines(kept);
    // 240 s at ~0.83 a second is more than the ring keeps: it is full, and reaches back ~the span
    // (at the cap of 20 a second the same 100 lines would cover 5 s).
    expect(kept).toHaveLength(100);
    expect(written.length).toBeGreaterThan(95);
    const reach = (NOW + (seconds - 1) * 1000 - written[0]!.timeMs) / 1000;
    expect(reach).toBeGreaterThan(LOG_SPAN_SECONDS * 0.8);
    expect(reach).toBeLessThan(LOG_SPAN_SECONDS * 1.25);
  });

  it('starts each container with startup lines, so a quiet pod is not empty', () => {
    const { logs, sink, podOf } = setup();
    sink.flush(NOW, 1);
    expect(logs.read('bookinfo', podOf('ratings'), 'istio-proxy').at(-1)!.text).toContain(
      'Envoy proxy is ready',
    );
  });
});
