import type { ConnectionSecurityPolicy, Reporter } from '../metrics/istioMetrics.ts';
import type { Workload } from './cluster.ts';
import type { ServiceRef } from './targets.ts';

/** One HTTP/gRPC request as one proxy reports it. `undefined` peers are reported as "unknown". */
export interface HttpObservation {
  reporter: Reporter;
  source: Workload | undefined;
  service: ServiceRef;
  destination: Workload | undefined;
  protocol: 'http' | 'grpc';
  code: number;
  grpcStatus: string;
  flags: string;
  security: ConnectionSecurityPolicy;
  durationMs: number;
  requestBytes: number;
  responseBytes: number;
}

/** One TCP connection (opened and closed within the tick) as one proxy reports it. */
export interface TcpObservation {
  reporter: Reporter;
  source: Workload | undefined;
  service: ServiceRef;
  destination: Workload | undefined;
  flags: string;
  security: ConnectionSecurityPolicy;
  sentBytes: number;
  receivedBytes: number;
}

/** Where the simulation puts what the proxies would report; the metrics recorder is the real one. */
export interface TrafficSink {
  http(o: HttpObservation): void;
  tcp(o: TcpObservation): void;
}
