import type { Workload } from '../traffic/cluster.ts';
import { SIDECAR_CONTAINER, workloadNameOf } from '../traffic/cluster.ts';
import type { HttpObservation, TcpObservation, TrafficSink } from '../traffic/observations.ts';
import { Prng } from '../traffic/prng.ts';
import type { ObjectReader } from '../store/types.ts';
import { formatAccessLogLine, responseCodeDetails, type AccessLogEntry } from './accessLogLine.ts';
import type { PodLogStore } from './podLogStore.ts';

/** Envoy logs every request; a busy simulated pod would write thousands a second, so each is sampled to this. */
export const MAX_LINES_PER_SECOND = 20;
/**
 * Each container's kept lines should reach this far back: where the log store keeps fewer lines a
 * container (a big mesh shares its line budget), a proxy writes fewer a second, down to a line
 * every few seconds, instead of formatting thousands a second only to rotate them out (at 100
 * namespaces that was half the simulator's CPU, and its /metrics missed Prometheus' scrapes).
 */
export const LOG_SPAN_SECONDS = 120;

const PODS = { group: '', resource: 'pods' };
const SERVICES = { group: '', resource: 'services' };

type Observation = { kind: 'http'; o: HttpObservation } | { kind: 'tcp'; o: TcpObservation };

interface PodInfo {
  name: string;
  namespace: string;
  ip: string;
  /** The first non-sidecar container: where the application writes. */
  appContainer: string | undefined;
  hasSidecar: boolean;
  /** When its containers started: nothing is logged before. */
  startedMs: number;
}

interface ServiceInfo {
  port: number;
  clusterIP: string;
}

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** A fixed-size uniform sample of a stream (reservoir sampling, algorithm R). */
class Reservoir {
  readonly items: Observation[] = [];
  seen = 0;
  constructor(private readonly size: number) {}
  offer(item: Observation, rng: Prng): void {
    this.seen++;
    if (this.size === 0) return;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const j = rng.int(this.seen);
      if (j < this.size) this.items[j] = item;
    }
  }
}

/**
 * Plays the sidecars' (and the apps') stdout: each proxy report the traffic engine makes becomes
 * an access-log line in Istio's default format in that pod's `istio-proxy` container, and each
 * request a workload serves a line in its app container. Observations name workloads, not pods,
 * so a pod of the workload is picked for each line, as load balancing would.
 */
export class AccessLogSink implements TrafficSink {
  private readonly rng: Prng;
  private pending = new Map<string, Reservoir>();
  private readonly started = new Set<string>();

  constructor(
    private readonly reader: ObjectReader,
    private readonly logs: PodLogStore,
    seed = 1,
    private readonly maxLinesPerSecond = MAX_LINES_PER_SECOND,
  ) {
    this.rng = new Prng(seed ^ 0x5eed10);
  }

  http(o: HttpObservation): void {
    const workload = o.reporter === 'source' ? o.source : o.destination;
    if (workload) this.offer(`${workload.key}|${o.reporter}`, { kind: 'http', o });
  }

  tcp(o: TcpObservation): void {
    const workload = o.reporter === 'source' ? o.source : o.destination;
    if (workload) this.offer(`${workload.key}|${o.reporter}`, { kind: 'tcp', o });
  }

  /**
   * Lines a proxy writes a second: the cap, or fewer where its container keeps fewer lines than
   * `LOG_SPAN_SECONDS` of them (a fraction: some seconds get a line, others none).
   */
  get linesPerSecond(): number {
    return Math.min(this.maxLinesPerSecond, this.logs.perContainer / LOG_SPAN_SECONDS);
  }

  private offer(key: string, item: Observation): void {
    let reservoir = this.pending.get(key);
    if (!reservoir) {
      const rate = this.linesPerSecond;
      const whole = Math.floor(rate);
      const size = whole + (this.rng.next() < rate - whole ? 1 : 0);
      this.pending.set(key, (reservoir = new Reservoir(size)));
    }
    reservoir.offer(item, this.rng);
  }

  /** Writes the tick's sampled lines, spread over the `elapsedSeconds` that ended at `nowMs`. */
  flush(nowMs: number, elapsedSeconds: number): void {
    const pods = this.podsByWorkload(nowMs);
    const services = this.services();
    const lines: Array<{ pod: PodInfo; container: string; timeMs: number; text: string }> = [];
    const windowMs = Math.max(1, elapsedSeconds) * 1000;
    for (const reservoir of this.pending.values()) {
      // The reservoir holds one second's worth; longer ticks keep proportionally fewer per second.
      for (const item of reservoir.items) {
        const o = item.o;
        const workload = (o.reporter === 'source' ? o.source : o.destination) as Workload;
        const candidates = pods.get(workload.key);
        if (!candidates || candidates.length === 0) continue;
        const pod = candidates[this.rng.int(candidates.length)]!;
        // A pod started within the window logs only after it started.
        const from = Math.min(nowMs, Math.max(nowMs - windowMs, pod.startedMs + 50));
        const startMs = Math.floor(from + this.rng.next() * Math.max(0, nowMs - from));
        const service = services.get(`${o.service.namespace}/${o.service.name}`);
        // The other end: the upstream pod for an outbound line, the calling pod for an inbound one.
        const peerWorkload = o.reporter === 'source' ? o.destination : o.source;
        const peerPods = peerWorkload && pods.get(peerWorkload.key);
        const peer = peerPods && peerPods.length > 0 ? peerPods[this.rng.int(peerPods.length)] : undefined;
        if (pod.hasSidecar) {
          const entry = this.entryOf(item, pod, peer, service, startMs);
          lines.push({
            pod,
            container: SIDECAR_CONTAINER,
            timeMs: startMs,
            text: formatAccessLogLine(entry),
          });
          if (o.reporter === 'destination' && item.kind === 'http' && pod.appContainer)
            lines.push({
              pod,
              container: pod.appContainer,
              timeMs: startMs + 1,
              text: appLine(item.o, entry, startMs + 1),
            });
        }
      }
    }
    this.pending = new Map();
    lines.sort((a, b) => a.timeMs - b.timeMs);
    for (const l of lines)
      this.logs.append(l.pod.namespace, l.pod.name, l.container, { timeMs: l.timeMs, text: l.text });
  }

  private entryOf(
    item: Observation,
    pod: PodInfo,
    peer: PodInfo | undefined,
    service: ServiceInfo | undefined,
    startMs: number,
  ): AccessLogEntry {
    const o = item.o;
    const port = service?.port ?? 80;
    const host = o.service.host;
    const ephemeral = (): number => 32768 + this.rng.int(28000);
    const callerIp = o.reporter === 'source' ? pod.ip : (peer?.ip ?? '10.244.0.1');
    const common = {
      startMs,
      requestId: uuid(this.rng),
      authority: o.service.name === 'unknown' ? '-' : `${o.service.name}:${port}`,
      routeName: 'default',
    };
    const http = item.kind === 'http' ? item.o : undefined;
    const request = http
      ? {
          method: http.protocol === 'grpc' ? 'POST' : 'GET',
          path:
            http.protocol === 'grpc' ? `/${o.service.name}.v1.Service/Get` : pathOf(o.service.name, this.rng),
          protocol: http.protocol === 'grpc' ? 'HTTP/2' : 'HTTP/1.1',
          responseCode: http.code,
          responseFlags: http.flags,
          responseCodeDetails: responseCodeDetails(http.code, http.flags),
          bytesReceived: http.requestBytes,
          bytesSent: http.responseBytes,
          durationMs: http.durationMs,
          userAgent: o.source ? undefined : 'curl/8.5.0',
        }
      : {
          // TCP proxy lines carry no HTTP fields.
          method: '-',
          path: '-',
          protocol: '-',
          responseCode: 0,
          responseFlags: o.flags,
          responseCodeDetails: '',
          bytesReceived: (o as TcpObservation).receivedBytes,
          bytesSent: (o as TcpObservation).sentBytes,
          durationMs: 1 + this.rng.next() * 20,
        };
    const local =
      http !== undefined &&
      (http.flags.includes('UH') || http.flags.includes('NR') || http.flags.includes('FI'));
    if (o.reporter === 'source') {
      const upstreamHost = peer ? `${peer.ip}:${port}` : o.destination ? undefined : `${host}:${port}`;
      return {
        ...common,
        ...request,
        ...(http && !local ? { upstreamServiceTimeMs: Math.max(0, http.durationMs - 1) } : {}),
        ...(local ? {} : { upstreamHost, upstreamLocalAddress: `${pod.ip}:${ephemeral()}` }),
        ...(http?.flags.includes('UF')
          ? { upstreamTransportFailureReason: 'TLS_error:_CERTIFICATE_VERIFY_FAILED' }
          : {}),
        upstreamCluster: `outbound|${port}||${host}`,
        downstreamLocalAddress: `${service?.clusterIP ?? '10.96.0.1'}:${port}`,
        downstreamRemoteAddress: `${pod.ip}:${ephemeral()}`,
      };
    }
    return {
      ...common,
      ...request,
      ...(http && http.code !== 0 ? { upstreamServiceTimeMs: Math.max(0, http.durationMs - 0.5) } : {}),
      upstreamHost: `${pod.ip}:${port}`,
      upstreamCluster: `inbound|${port}||`,
      upstreamLocalAddress: `127.0.0.6:${ephemeral()}`,
      downstreamLocalAddress: `${pod.ip}:${port}`,
      downstreamRemoteAddress: `${callerIp}:${ephemeral()}`,
      ...(o.security === 'mutual_tls' ? { requestedServerName: `outbound_.${port}_._.${host}` } : {}),
    };
  }

  private podsByWorkload(nowMs: number): Map<string, PodInfo[]> {
    const byWorkload = new Map<string, PodInfo[]>();
    const present = new Set<string>();
    for (const obj of this.reader.list(PODS)) {
      const namespace = obj.metadata.namespace;
      const status = record(obj.status);
      if (!namespace || status.phase !== 'Running' || obj.metadata.deletionTimestamp) continue;
      const containers = (
        Array.isArray(record(obj.spec).containers) ? record(obj.spec).containers : []
      ) as unknown[];
      const names = containers.map((c) => String(record(c).name ?? ''));
      // Without a start time (objects seeded by hand) the pod counts as a second old.
      const startedMs = Math.min(Date.parse(String(status.startTime ?? '')) || nowMs - 1000, nowMs);
      const pod: PodInfo = {
        name: obj.metadata.name,
        startedMs,
        namespace,
        ip: typeof status.podIP === 'string' ? status.podIP : '10.244.0.1',
        appContainer: names.find((n) => n !== SIDECAR_CONTAINER),
        hasSidecar: names.includes(SIDECAR_CONTAINER),
      };
      const key = `${namespace}/${workloadNameOf(obj)}`;
      let list = byWorkload.get(key);
      if (!list) byWorkload.set(key, (list = []));
      list.push(pod);
      const podKey = `${namespace}/${pod.name}`;
      present.add(podKey);
      if (!this.started.has(podKey)) {
        this.started.add(podKey);
        this.writeStartup(pod, startedMs);
      }
    }
    for (const podKey of this.started) {
      if (present.has(podKey)) continue;
      this.started.delete(podKey);
      const [namespace, name] = podKey.split('/') as [string, string];
      this.logs.forgetPod(namespace, name);
    }
    return byWorkload;
  }

  /** The first lines a container writes when it starts, so a quiet pod's log is not empty. */
  private writeStartup(pod: PodInfo, startedMs: number): void {
    const at = (offset: number): number => startedMs + offset;
    if (pod.appContainer) {
      for (const [offset, text] of [
        [0, `INFO  Starting ${pod.appContainer} (pod ${pod.name})`],
        [40, `INFO  Listening on 0.0.0.0`],
      ] as const)
        this.logs.append(pod.namespace, pod.name, pod.appContainer, {
          timeMs: at(offset),
          text: `${new Date(at(offset)).toISOString()} ${text}`,
        });
    }
    if (pod.hasSidecar) {
      for (const [offset, text] of [
        [0, 'info\tFLAG: --concurrency="2"'],
        [5, 'info\tVersion 1.24.0-simulated'],
        [30, 'info\tEnvoy proxy is ready'],
      ] as const)
        this.logs.append(pod.namespace, pod.name, SIDECAR_CONTAINER, {
          timeMs: at(offset),
          text: `${new Date(at(offset)).toISOString()}\t${text}`,
        });
    }
  }

  private services(): Map<string, ServiceInfo> {
    const out = new Map<string, ServiceInfo>();
    for (const obj of this.reader.list(SERVICES)) {
      const spec = record(obj.spec);
      const first = record(Array.isArray(spec.ports) ? spec.ports[0] : undefined);
      out.set(`${obj.metadata.namespace}/${obj.metadata.name}`, {
        port: typeof first.port === 'number' ? first.port : 80,
        clusterIP: typeof spec.clusterIP === 'string' ? spec.clusterIP : '10.96.0.1',
      });
    }
    return out;
  }
}

function pathOf(service: string, rng: Prng): string {
  if (service === 'productpage') return '/productpage';
  if (service === 'unknown') return '/';
  return `/${service}/${rng.int(10)}`;
}

function uuid(rng: Prng): string {
  const hex = (n: number): string =>
    Array.from({ length: n }, () => '0123456789abcdef'[rng.int(16)]).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function appLine(o: HttpObservation, entry: AccessLogEntry, timeMs: number): string {
  const level = o.code >= 500 || o.code === 0 ? 'ERROR' : o.code >= 400 ? 'WARN ' : 'INFO ';
  return `${new Date(timeMs).toISOString()} ${level} ${entry.method} ${entry.path} -> ${o.code} in ${Math.round(o.durationMs)} ms`;
}
