import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitPod } from '../controllers/injection.ts';
import { badRequest, invalid, KubeApiError, notFound, type StatusCause } from '../store/errors.ts';
import { jsonPatch, mergePatch, strategicMergePatch } from '../store/patch.ts';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirement,
} from '../store/selectors.ts';
import type { ObjectStore } from '../store/store.ts';
import type { KubeObject, StoreEvent } from '../store/types.ts';
import { applyCreateDefaults } from './defaults.ts';
import { decodeBody, readBody, sendJson } from './http.ts';
import { apiVersionOf, grOf } from './resources.ts';
import type { ApiRoute } from './route.ts';
import { tableOf, wantsTable } from './tables.ts';
import { validateCore, validateIstio, validateName } from './validation.ts';

type ResourceRoute = Extract<ApiRoute, { type: 'resource' }>;

export interface HandlerContext {
  store: ObjectStore;
  now: () => Date;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Objects are stored once and served in whichever version the client asked for. */
function inVersion(object: KubeObject, route: ResourceRoute): KubeObject {
  return { ...object, apiVersion: apiVersionOf(route.resource, route.version), kind: route.resource.kind };
}

function gr(route: ResourceRoute): { group: string; resource: string } {
  return grOf(route.resource);
}

interface Filters {
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

function filtersOf(route: ResourceRoute, query: URLSearchParams): Filters {
  const labels = query.get('labelSelector');
  const fields = query.get('fieldSelector');
  return {
    ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
    labels: labels ? parseLabelSelector(labels) : [],
    fields: fields ? parseFieldSelector(fields) : [],
  };
}

function matches(filters: Filters, object: KubeObject): boolean {
  if (filters.namespace !== undefined && object.metadata.namespace !== filters.namespace) return false;
  return matchesLabels(filters.labels, object.metadata.labels) && matchesFields(filters.fields, object);
}

/**
 * What a watch with `filters` reports for `event`, as the API server does: a change that moves an
 * object into the selection is ADDED, out of it DELETED (with the new object), and a change
 * outside it nothing.
 */
function filteredEventType(filters: Filters, event: StoreEvent): StoreEvent['type'] | undefined {
  const now = matches(filters, event.object);
  if (event.type !== 'MODIFIED' || event.previous === undefined) return now ? event.type : undefined;
  const before = matches(filters, event.previous);
  if (now) return before ? 'MODIFIED' : 'ADDED';
  return before ? 'DELETED' : undefined;
}

function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.some((v) => v !== 'All')) throw badRequest(`unsupported dryRun value; supported values: "All"`);
  return values.length > 0;
}

interface ContinueToken {
  after: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof token.after !== 'string') throw new Error('bad token');
    return token;
  } catch {
    throw badRequest('continue key is not valid: malformed continue token');
  }
}

const sortKey = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function handleList(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const filters = filtersOf(route, query);
  let items = ctx.store.list(gr(route), route.namespace).filter((o) => matches(filters, o));
  const cont = query.get('continue');
  if (cont) {
    const { after } = decodeContinue(cont);
    items = items.filter((o) => sortKey(o) > after);
  }
  const limit = Number(query.get('limit') ?? 0);
  const listMeta: Record<string, unknown> = { resourceVersion: ctx.store.resourceVersion() };
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    listMeta.continue = encodeContinue({ after: sortKey(items[limit - 1]!) });
    listMeta.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  const versioned = items.map((o) => inVersion(o, route));
  if (wantsTable(req.headers.accept)) {
    sendJson(res, 200, tableOf(route.resource, versioned, listMeta, ctx.now()));
    return;
  }
  sendJson(res, 200, {
    kind: `${route.resource.kind}List`,
    apiVersion: apiVersionOf(route.resource, route.version),
    metadata: listMeta,
    items: versioned,
  });
}

/**
 * WATCH: newline-delimited JSON events. Starting from a resourceVersion replays the kept history
 * after it; a version older than the history gets an ERROR event with a 410 Expired Status, as
 * the real API server does, so informers relist.
 */
export function handleWatch(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const filters = filtersOf(route, query);
  if (route.name !== undefined)
    filters.fields.push({ path: 'metadata.name', value: route.name, negate: false });
  const asTable = wantsTable(req.headers.accept);
  const rvParam = query.get('resourceVersion') ?? '';
  const sendInitial = query.get('sendInitialEvents') === 'true';
  let backlog: readonly StoreEvent[];
  if (rvParam === '' || rvParam === '0' || sendInitial) {
    backlog = ctx.store
      .list(gr(route), route.namespace)
      .map((object) => ({ type: 'ADDED' as const, gr: gr(route), object }));
  } else {
    const rv = Number(rvParam);
    if (!Number.isInteger(rv) || rv < 0) throw badRequest(`invalid resource version "${rvParam}"`);
    const since = ctx.store.eventsSince(gr(route), rv);
    if (since === 'expired') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      const gone = new KubeApiError(
        410,
        'Expired',
        `too old resource version: ${rv} (${ctx.store.resourceVersion()})`,
      );
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone.toStatus() })}\n`);
      return;
    }
    backlog = since;
  }

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  res.flushHeaders();
  let first = true;
  const write = (type: string, object: KubeObject): void => {
    let payload: unknown = inVersion(object, route);
    if (asTable) {
      const table = tableOf(
        route.resource,
        [payload as KubeObject],
        { resourceVersion: object.metadata.resourceVersion },
        ctx.now(),
      );
      // The API server sends column definitions with the first event of a watch only.
      if (!first) table.columnDefinitions = [];
      payload = table;
    }
    first = false;
    res.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  for (const event of backlog) {
    const type = filteredEventType(filters, event);
    if (type) write(type, event.object);
  }
  if (sendInitial) {
    res.write(
      `${JSON.stringify({
        type: 'BOOKMARK',
        object: {
          kind: route.resource.kind,
          apiVersion: apiVersionOf(route.resource, route.version),
          metadata: {
            resourceVersion: ctx.store.resourceVersion(),
            annotations: { 'k8s.io/initial-events-end': 'true' },
          },
        },
      })}\n`,
    );
  }

  const key = gr(route);
  const unsubscribe = ctx.store.subscribe((event) => {
    if (event.gr.group !== key.group || event.gr.resource !== key.resource) return;
    const type = filteredEventType(filters, event);
    if (type) write(type, event.object);
  });
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
  const finish = (): void => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
  res.on('close', finish);
  req.on('close', finish);
}

function getExisting(ctx: HandlerContext, route: ResourceRoute, name: string): KubeObject {
  const existing = ctx.store.get(gr(route), route.namespace, name);
  if (!existing) throw notFound(route.resource.group, route.resource.plural, name);
  return existing;
}

function scaleOf(route: ResourceRoute, deployment: KubeObject): KubeObject {
  const spec = asRecord(deployment.spec);
  const selector = asRecord(asRecord(spec.selector).matchLabels);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: deployment.metadata.name,
      namespace: route.namespace,
      uid: deployment.metadata.uid,
      resourceVersion: deployment.metadata.resourceVersion,
      creationTimestamp: deployment.metadata.creationTimestamp,
    },
    spec: { replicas: Number(spec.replicas ?? 0) },
    status: {
      replicas: Number(asRecord(deployment.status).replicas ?? 0),
      selector: Object.entries(selector)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(','),
    },
  };
}

export function handleGet(
  ctx: HandlerContext,
  route: ResourceRoute,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const existing = getExisting(ctx, route, route.name!);
  if (route.subresource === 'scale') {
    sendJson(res, 200, scaleOf(route, existing));
    return;
  }
  const object = inVersion(existing, route);
  if (wantsTable(req.headers.accept)) {
    sendJson(
      res,
      200,
      tableOf(route.resource, [object], { resourceVersion: object.metadata.resourceVersion }, ctx.now()),
    );
    return;
  }
  sendJson(res, 200, object);
}

async function readObject(req: IncomingMessage): Promise<unknown> {
  return decodeBody(await readBody(req), req.headers['content-type']);
}

/** Checks what every write must satisfy; throws a 400/404/422 Status and writes nothing. */
function admit(ctx: HandlerContext, route: ResourceRoute, object: KubeObject): void {
  const resource = route.resource;
  const causes: StatusCause[] = [...validateName(resource, object.metadata.name)];
  if (causes.length === 0) {
    if (resource.istio) causes.push(...validateIstio(resource, route.version, object));
    else causes.push(...validateCore(resource, object));
  }
  if (causes.length > 0)
    throw invalid(resource.group, resource.kind, String(object.metadata.name ?? ''), causes);
}

function coerceObject(route: ResourceRoute, body: unknown): KubeObject {
  const object = asRecord(body);
  if (body === undefined || Object.keys(object).length === 0)
    throw badRequest('the request body is empty; expected an object');
  const resource = route.resource;
  if (object.kind !== undefined && object.kind !== resource.kind)
    throw badRequest(
      `the kind "${String(object.kind)}" in the body does not match the resource "${resource.plural}" (kind ${resource.kind})`,
    );
  if (
    object.apiVersion !== undefined &&
    !resource.versions.some((v) => apiVersionOf(resource, v) === object.apiVersion)
  )
    throw badRequest(
      `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${apiVersionOf(resource, route.version)})`,
    );
  const metadata = asRecord(object.metadata);
  if (route.namespace !== undefined) {
    if (
      metadata.namespace !== undefined &&
      metadata.namespace !== '' &&
      metadata.namespace !== route.namespace
    )
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    metadata.namespace = route.namespace;
  } else {
    delete metadata.namespace;
  }
  return {
    ...object,
    apiVersion: apiVersionOf(resource, route.version),
    kind: resource.kind,
    metadata,
  } as KubeObject;
}

function requireNamespace(ctx: HandlerContext, route: ResourceRoute): void {
  if (
    route.namespace !== undefined &&
    !ctx.store.get({ group: '', resource: 'namespaces' }, undefined, route.namespace)
  )
    throw notFound('', 'namespaces', route.namespace);
}

export async function handleCreate(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const object = coerceObject(route, await readObject(req));
  const metadata = object.metadata;
  if (!metadata.name && typeof metadata.generateName === 'string') {
    metadata.name = `${metadata.generateName}${Math.random().toString(36).slice(2, 7)}`;
  }
  requireNamespace(ctx, route);
  if (route.resource.subresources.includes('status') && route.resource.kind !== 'Pod') delete object.status;
  applyCreateDefaults(ctx.store, route.resource.kind, object);
  admit(ctx, route, object);
  const admitted = route.resource.kind === 'Pod' ? admitPod(ctx.store, object) : object;
  const created = ctx.store.create(gr(route), admitted, { dryRun: isDryRun(query) });
  sendJson(res, 201, inVersion(created, route));
}

/** Writes a new full object for the main resource or one of its subresources. */
function replace(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  existing: KubeObject,
  next: KubeObject,
): KubeObject {
  const dryRun = isDryRun(query);
  const name = existing.metadata.name;
  if (next.metadata.name !== undefined && next.metadata.name !== name)
    throw badRequest(
      `the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${name})`,
    );
  next.metadata.name = name;
  if (route.subresource === 'status') {
    return ctx.store.update(
      gr(route),
      {
        ...existing,
        status: next.status,
        metadata: { ...existing.metadata, resourceVersion: next.metadata.resourceVersion },
      },
      { dryRun },
    );
  }
  if (route.resource.subresources.includes('status')) next.status = existing.status;
  admit(ctx, route, next);
  return ctx.store.update(gr(route), next, { dryRun });
}

function replaceScale(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  existing: KubeObject,
  scale: Record<string, unknown>,
): KubeObject {
  const replicas = asRecord(scale.spec).replicas;
  if (!Number.isInteger(replicas) || (replicas as number) < 0)
    throw invalid('autoscaling', 'Scale', existing.metadata.name, [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${String(replicas)}: must be greater than or equal to 0`,
        field: 'spec.replicas',
      },
    ]);
  const next = structuredClone(existing);
  next.spec = { ...asRecord(next.spec), replicas };
  next.metadata.resourceVersion = (asRecord(scale.metadata).resourceVersion as string | undefined) ?? '';
  const updated = ctx.store.update(gr(route), next, { dryRun: isDryRun(query) });
  return scaleOf(route, updated);
}

export async function handleUpdate(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readObject(req);
  const existing = getExisting(ctx, route, route.name!);
  if (route.subresource === 'scale') {
    sendJson(res, 200, replaceScale(ctx, route, query, existing, asRecord(body)));
    return;
  }
  const next = coerceObject(route, body);
  sendJson(res, 200, inVersion(replace(ctx, route, query, existing, next), route));
}

export async function handlePatch(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const text = await readBody(req);
  const existing = getExisting(ctx, route, route.name!);
  const current = route.subresource === 'scale' ? scaleOf(route, existing) : inVersion(existing, route);
  let patch: unknown;
  try {
    patch = JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
  let patched: unknown;
  switch (contentType) {
    case 'application/merge-patch+json':
      patched = mergePatch(current, patch);
      break;
    case 'application/json-patch+json':
      patched = jsonPatch(current, patch);
      break;
    case 'application/strategic-merge-patch+json':
      if (route.resource.istio)
        throw new KubeApiError(
          415,
          'UnsupportedMediaType',
          'strategic merge patch is not supported for custom resources; use merge patch or JSON patch',
        );
      patched = strategicMergePatch(current, patch);
      break;
    default:
      throw new KubeApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      );
  }
  if (route.subresource === 'scale') {
    sendJson(res, 200, replaceScale(ctx, route, query, existing, asRecord(patched)));
    return;
  }
  const next = coerceObject(route, patched);
  sendJson(res, 200, inVersion(replace(ctx, route, query, existing, next), route));
}

export async function handleDelete(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const options = asRecord(decodeBody(await readBody(req), req.headers['content-type']));
  const preconditions = asRecord(options.preconditions);
  const dryRun = isDryRun(query) || (Array.isArray(options.dryRun) && options.dryRun.includes('All'));
  if (route.name === undefined) {
    const filters = filtersOf(route, query);
    const doomed = ctx.store.list(gr(route), route.namespace).filter((o) => matches(filters, o));
    const deleted = doomed.map((o) =>
      ctx.store.delete(gr(route), o.metadata.namespace, o.metadata.name, { dryRun }),
    );
    sendJson(res, 200, {
      kind: `${route.resource.kind}List`,
      apiVersion: apiVersionOf(route.resource, route.version),
      metadata: { resourceVersion: ctx.store.resourceVersion() },
      items: deleted.map((o) => inVersion(o, route)),
    });
    return;
  }
  const deleted = ctx.store.delete(gr(route), route.namespace, route.name, {
    dryRun,
    ...(typeof preconditions.resourceVersion === 'string'
      ? { resourceVersion: preconditions.resourceVersion }
      : {}),
    ...(typeof preconditions.uid === 'string' ? { uid: preconditions.uid } : {}),
  });
  sendJson(res, 200, inVersion(deleted, route));
}
