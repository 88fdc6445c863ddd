import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PodLogStore, LogLine } from '../logs/podLogStore.ts';
import { badRequest, invalid, notFound, type StatusCause } from '../store/errors.ts';
import type { ObjectStore } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';

const PODS = { group: '', resource: 'pods' };

/** PodLogOptions as kube-apiserver reads them from the query string. */
export interface PodLogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

const isTrue = (v: string | null): boolean => v === 'true' || v === '1';

function integer(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
  return Number(raw);
}

/** Parses and validates like ValidatePodLogOptions: bad syntax is a 400, bad values a 422. */
export function parsePodLogOptions(query: URLSearchParams, pod: string): PodLogOptions {
  const options: PodLogOptions = {
    follow: isTrue(query.get('follow')),
    previous: isTrue(query.get('previous')),
    timestamps: isTrue(query.get('timestamps')),
  };
  const container = query.get('container');
  if (container) options.container = container;
  const tailLines = integer(query, 'tailLines');
  const sinceSeconds = integer(query, 'sinceSeconds');
  const limitBytes = integer(query, 'limitBytes');
  const sinceTime = query.get('sinceTime') ?? undefined;
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime)))
    throw badRequest(`parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
  const causes: StatusCause[] = [];
  if (tailLines !== undefined && tailLines < 0)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'tailLines',
      message: 'must be greater than or equal to 0',
    });
  if (limitBytes !== undefined && limitBytes < 1)
    causes.push({ reason: 'FieldValueInvalid', field: 'limitBytes', message: 'must be greater than 0' });
  if (sinceSeconds !== undefined && sinceSeconds < 1)
    causes.push({ reason: 'FieldValueInvalid', field: 'sinceSeconds', message: 'must be greater than 0' });
  if (sinceSeconds !== undefined && sinceTime !== undefined)
    causes.push({
      reason: 'FieldValueForbidden',
      field: '',
      message: 'at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  if (causes.length > 0) throw invalid('', 'PodLogOptions', pod, causes);
  if (tailLines !== undefined) options.tailLines = tailLines;
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds;
  if (sinceTime !== undefined) options.sinceTime = sinceTime;
  if (limitBytes !== undefined) options.limitBytes = limitBytes;
  return options;
}

const names = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((c) => String((c as Record<string, unknown>).name ?? '')) : [];

/** The container the request addresses, or kube-apiserver's 400 naming the choices. */
export function containerOf(pod: KubeObject, requested: string | undefined): string {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const containers = names(spec.containers);
  const init = names(spec.initContainers);
  const name = pod.metadata.name;
  if (requested === undefined) {
    if (containers.length === 1) return containers[0]!;
    const initPart = init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initPart}`,
    );
  }
  if (!containers.includes(requested) && !init.includes(requested))
    throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** RFC 3339 with nanoseconds, as the kubelet prefixes lines for `timestamps=true`. */
export function nanoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: a container's stdout as text/plain, filtered
 * like the kubelet does (since, tail, byte limit), and with `follow=true` streamed chunk by chunk
 * until the client goes away or the pod is deleted.
 */
export function handlePodLog(
  store: ObjectStore,
  logs: PodLogStore,
  now: () => Date,
  namespace: string,
  podName: string,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const pod = store.get(PODS, namespace, podName);
  if (!pod) throw notFound('', 'pods', podName);
  const options = parsePodLogOptions(query, podName);
  const container = containerOf(pod, options.container);
  if (options.previous)
    throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
  const sinceMs =
    options.sinceSeconds !== undefined
      ? now().getTime() - options.sinceSeconds * 1000
      : options.sinceTime !== undefined
        ? Date.parse(options.sinceTime)
        : undefined;
  const lines = logs.read(namespace, podName, container, {
    ...(sinceMs !== undefined ? { sinceMs } : {}),
    ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
  });
  let budget = options.limitBytes ?? Infinity;
  const render = (line: LogLine): string =>
    `${options.timestamps ? `${nanoTimestamp(line.timeMs)} ` : ''}${line.text}\n`;
  /** Writes within the byte limit; false once it is used up. */
  const write = (text: string): boolean => {
    if (budget <= 0) return false;
    const bytes = Buffer.from(text, 'utf8');
    const chunk = bytes.length > budget ? bytes.subarray(0, budget) : bytes;
    budget -= chunk.length;
    res.write(chunk);
    return budget > 0;
  };
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  let open = true;
  for (const line of lines) if (!(open = write(render(line)))) break;
  if (!options.follow || !open) {
    res.end();
    return;
  }
  res.flushHeaders();
  const stopFollowing = logs.follow(namespace, podName, container, (line) => {
    if (!write(render(line))) end();
  });
  const stopWatchingPod = store.subscribe((event) => {
    if (
      event.type === 'DELETED' &&
      event.gr.group === '' &&
      event.gr.resource === 'pods' &&
      event.object.metadata.namespace === namespace &&
      event.object.metadata.name === podName
    )
      end();
  });
  function end(): void {
    stopFollowing();
    stopWatchingPod();
    if (!res.writableEnded) res.end();
  }
  req.on('close', end);
  res.on('close', end);
}
