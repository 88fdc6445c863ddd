/**
 * A line of Envoy's access log in Istio's default text format (meshConfig.accessLogFile set,
 * accessLogFormat unset), its fields by name. Unset values (`-`) come back undefined.
 *
 * [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 * %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
 * "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
 * %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
 * "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER%
 * %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
 * %REQUESTED_SERVER_NAME% %ROUTE_NAME%
 */
export interface AccessLogRecord {
  startTime: string;
  /** Undefined on a TCP proxy line (`"- - -"`). */
  method: string | undefined;
  path: string | undefined;
  protocol: string | undefined;
  /** 0: no response was sent (the downstream went away, or a TCP connection). */
  responseCode: number;
  /** Envoy's response flags (`UH`, `UF`, `URX`...), empty when none. */
  responseFlags: string[];
  responseCodeDetails: string | undefined;
  connectionTerminationDetails: string | undefined;
  upstreamTransportFailureReason: string | undefined;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number;
  upstreamServiceTimeMs: number | undefined;
  forwardedFor: string | undefined;
  userAgent: string | undefined;
  requestId: string | undefined;
  authority: string | undefined;
  upstreamHost: string | undefined;
  upstreamCluster: string | undefined;
  upstreamLocalAddress: string | undefined;
  downstreamLocalAddress: string | undefined;
  downstreamRemoteAddress: string | undefined;
  requestedServerName: string | undefined;
  routeName: string | undefined;
  /** `inbound` (this proxy's own workload served it), `outbound` (its workload called out), from the upstream cluster. */
  direction: 'inbound' | 'outbound' | undefined;
}

const TOKEN = /\[[^\]]*\]|"(?:[^"\\]|\\.)*"|\S+/g;
const FIELD_COUNT = 22;

const unquote = (t: string): string => (t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t);
const value = (t: string | undefined): string | undefined => {
  if (t === undefined) return undefined;
  const v = unquote(t);
  return v === '-' || v === '' ? undefined : v;
};
const integer = (t: string | undefined): number | undefined => {
  const v = value(t);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};

/** The fields of one access-log line, or undefined when the line is not one (a startup message, JSON...). */
export function parseAccessLogLine(line: string): AccessLogRecord | undefined {
  const tokens = line.trim().match(TOKEN);
  if (!tokens || tokens.length < FIELD_COUNT) return undefined;
  const [time, request, code, flags, details, termination, failure, received, sent, duration, upstreamTime] =
    tokens;
  if (!time!.startsWith('[') || !request!.startsWith('"')) return undefined;
  const responseCode = integer(code);
  const bytesReceived = integer(received);
  const bytesSent = integer(sent);
  const durationMs = integer(duration);
  if (
    responseCode === undefined ||
    bytesReceived === undefined ||
    bytesSent === undefined ||
    durationMs === undefined
  )
    return undefined;
  const [method, path, protocol] = unquote(request!).split(' ');
  const rest = tokens.slice(11);
  const upstreamCluster = value(rest[5]);
  return {
    startTime: time!.slice(1, -1),
    method: value(method),
    path: value(path),
    protocol: value(protocol),
    responseCode,
    responseFlags: (value(flags) ?? '').split(',').filter(Boolean),
    responseCodeDetails: value(details),
    connectionTerminationDetails: value(termination),
    upstreamTransportFailureReason: value(failure),
    bytesReceived,
    bytesSent,
    durationMs,
    upstreamServiceTimeMs: integer(upstreamTime),
    forwardedFor: value(rest[0]),
    userAgent: value(rest[1]),
    requestId: value(rest[2]),
    authority: value(rest[3]),
    upstreamHost: value(rest[4]),
    upstreamCluster,
    upstreamLocalAddress: value(rest[6]),
    downstreamLocalAddress: value(rest[7]),
    downstreamRemoteAddress: value(rest[8]),
    requestedServerName: value(rest[9]),
    routeName: value(rest.slice(10).join(' ')),
    direction: upstreamCluster?.startsWith('inbound|')
      ? 'inbound'
      : upstreamCluster?.startsWith('outbound|')
        ? 'outbound'
        : undefined,
  };
}

/** How a response reads at a glance: errors by class, Envoy's flags as trouble even on a 200. */
export type AccessLogSeverity = 'ok' | 'redirect' | 'clientError' | 'serverError' | 'noResponse';

export function accessLogSeverity(
  record: Pick<AccessLogRecord, 'responseCode' | 'protocol'>,
): AccessLogSeverity {
  const code = record.responseCode;
  if (code === 0) return record.protocol === undefined ? 'ok' : 'noResponse';
  if (code >= 500) return 'serverError';
  if (code >= 400) return 'clientError';
  if (code >= 300) return 'redirect';
  return 'ok';
}
