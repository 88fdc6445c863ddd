/**
 * One request as Envoy's access logger sees it, in the fields Istio's default text format prints
 * (meshConfig.accessLogFormat unset, accessLogFile /dev/stdout):
 *
 * [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 * %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
 * "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
 * %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
 * "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER%
 * %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
 * %REQUESTED_SERVER_NAME% %ROUTE_NAME%
 *
 * Unset values print as `-`, as Envoy does.
 */
export interface AccessLogEntry {
  startMs: number;
  method: string;
  path: string;
  protocol: string;
  responseCode: number;
  responseFlags: string;
  responseCodeDetails: string;
  upstreamTransportFailureReason?: string;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number;
  upstreamServiceTimeMs?: number;
  userAgent?: string;
  requestId: string;
  authority: string;
  upstreamHost?: string;
  upstreamCluster?: string;
  upstreamLocalAddress?: string;
  downstreamLocalAddress: string;
  downstreamRemoteAddress: string;
  requestedServerName?: string;
  routeName?: string;
}

const dash = (v: string | number | undefined): string => (v === undefined || v === '' ? '-' : String(v));

export function formatAccessLogLine(e: AccessLogEntry): string {
  return [
    `[${new Date(e.startMs).toISOString()}]`,
    `"${e.method} ${e.path} ${e.protocol}"`,
    e.responseCode,
    dash(e.responseFlags),
    dash(e.responseCodeDetails),
    '-',
    `"${dash(e.upstreamTransportFailureReason)}"`,
    e.bytesReceived,
    e.bytesSent,
    Math.round(e.durationMs),
    dash(e.upstreamServiceTimeMs === undefined ? undefined : Math.round(e.upstreamServiceTimeMs)),
    '"-"',
    `"${dash(e.userAgent)}"`,
    `"${e.requestId}"`,
    `"${e.authority}"`,
    `"${dash(e.upstreamHost)}"`,
    dash(e.upstreamCluster),
    dash(e.upstreamLocalAddress),
    e.downstreamLocalAddress,
    e.downstreamRemoteAddress,
    dash(e.requestedServerName),
    dash(e.routeName),
  ].join(' ');
}

/** Envoy's %RESPONSE_CODE_DETAILS% for the replies the simulation makes. */
export function responseCodeDetails(code: number, flags: string): string {
  const set = new Set(flags.split(','));
  if (set.has('FI')) return 'fault_filter_abort';
  if (set.has('UH')) return 'no_healthy_upstream';
  if (set.has('NR')) return 'route_not_found';
  if (set.has('UF')) return 'upstream_reset_before_response_started{connection_failure}';
  if (set.has('UT')) return 'response_timeout';
  if (set.has('DC')) return 'downstream_remote_disconnect';
  return code === 0 ? '-' : 'via_upstream';
}
