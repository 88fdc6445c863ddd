import {
  ISTIO_RESOURCES,
  ISTIO_SET_LIMIT,
  istioKindSchema,
  istioObjectSchema,
  istioResourceOf,
  istioResourceSchema,
  type ChangeOperation,
  type FieldError,
  type IstioObjectJson,
  type IstioResource,
} from '@sextant/contracts';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { invalidBody } from '../errors.ts';
import type { IstioConfigService, WriteResult } from '../services/istioConfig.service.ts';
import type { AccessService, RequestScopes } from '../auth/access.service.ts';
import type { NotedWrite } from '../history/changeRecorder.ts';
import { canRead } from '../auth/namespaceScope.ts';
import { principalOf } from '../auth/principal.ts';
import { ISTIO_CACHE_KINDS } from '../clients/kube.client.ts';
import {
  booleanSchema,
  echo,
  enumSchema,
  nameProblem,
  nameSchema,
  parseParams,
  resourceVersionProblem,
  resourceVersionSchema,
} from './params.ts';

const pathShape = {
  namespace: nameSchema('namespace'),
  kind: enumSchema(istioResourceSchema.options),
  // Kubernetes names custom objects with DNS-1123 subdomains.
  name: nameSchema('workload'),
};
const collectionShape = { namespace: pathShape.namespace, kind: pathShape.kind };

/** `virtualservices,destinationrules`: each a resource of the API, at least one. */
const resourceListSchema = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((p) => p.trim());
  const unknown = parts.filter((p) => !(istioResourceSchema.options as readonly string[]).includes(p));
  if (unknown.length > 0 || value === '') {
    ctx.issues.push({
      code: 'custom',
      message: `must be a comma-separated list of ${istioResourceSchema.options.join(', ')}; got ${echo(value)}`,
      input: value,
    });
    return z.NEVER;
  }
  return [...new Set(parts)] as IstioResource[];
});

const writeQueryShape = { dryRun: booleanSchema.optional(), force: booleanSchema.optional() };

/**
 * Mounted under `/api`. Parameters, query and body are checked here (400, naming the field); the
 * service does the rest. Writes are refused in view-only mode by `viewOnlyGuard` before they get here.
 */
export function istioConfigRoutes(deps: {
  istioConfig: IstioConfigService;
  access: AccessService;
  scopes: RequestScopes;
  /** Tells the change history who made a write (its watch sees only that it happened). */
  noteWrite?: (write: NotedWrite) => void;
}): Router {
  const router = Router();
  /** After a real (not dry-run) write: the change it causes is the signed-in user's. */
  const noted = (
    res: Response,
    operation: ChangeOperation,
    objects: readonly {
      kind: string;
      metadata: { namespace?: string | undefined; name: string; resourceVersion?: string | undefined };
    }[],
  ) => {
    if (!deps.noteWrite) return;
    const principal = principalOf(res);
    const author = principal.kind === 'user' ? principal.user.name : 'anonymous';
    for (const object of objects) {
      const kind = istioKindSchema.safeParse(object.kind);
      if (!kind.success) continue;
      const resource = istioResourceOf(kind.data);
      deps.noteWrite({
        kind: ISTIO_CACHE_KINDS[resource],
        namespace: object.metadata.namespace ?? '',
        name: object.metadata.name,
        operation,
        resourceVersion: object.metadata.resourceVersion,
        author,
      });
    }
  };
  // Single objects are read and written with the signed-in user's credentials: Kubernetes decides.
  const serviceFor = (res: Response) => deps.istioConfig.as(deps.access.api(principalOf(res)));

  router.get('/namespaces/:namespace/istio', async (req, res) => {
    const { namespace } = parseParams({ namespace: pathShape.namespace }, req.params);
    const query = parseParams(
      { kind: resourceListSchema.optional(), valid: booleanSchema.optional() },
      req.query,
    );
    // Kinds RBAC does not let the user list in the namespace are left out, as `kubectl get` would refuse them.
    const scope = await deps.scopes.of(res);
    const resources = (query.kind ?? istioResourceSchema.options).filter((r) =>
      canRead(scope, ISTIO_CACHE_KINDS[r], namespace),
    );
    res.json(deps.istioConfig.list(namespace, { resources, valid: query.valid }));
  });

  router.post('/namespaces/:namespace/istio', async (req, res) => {
    const { namespace } = parseParams({ namespace: pathShape.namespace }, req.params);
    const query = parseParams(writeQueryShape, req.query);
    const objects = parseSetBody(req.body, namespace);
    const result = await serviceFor(res).createSet(namespace, objects, writeOptions(query));
    if (!query.dryRun)
      noted(
        res,
        'create',
        result.body.items.map((i) => i.object),
      );
    res.status(result.status).json(result.body);
  });

  router.get('/namespaces/:namespace/istio/:kind/:name', async (req, res) => {
    const { namespace, kind, name } = parseParams(pathShape, req.params);
    parseParams({}, req.query);
    res.json(await serviceFor(res).get(kind, namespace, name));
  });

  router.post('/namespaces/:namespace/istio/:kind', async (req, res) => {
    const { namespace, kind } = parseParams(collectionShape, req.params);
    const query = parseParams(writeQueryShape, req.query);
    const object = parseIstioBody(req.body, { resource: kind, namespace, mode: 'create' });
    const result = await serviceFor(res).create(kind, namespace, object, writeOptions(query));
    if (!query.dryRun) noted(res, 'create', [result.body.object]);
    send(res, result);
  });

  router.put('/namespaces/:namespace/istio/:kind/:name', async (req, res) => {
    const { namespace, kind, name } = parseParams(pathShape, req.params);
    const query = parseParams(writeQueryShape, req.query);
    const object = parseIstioBody(req.body, { resource: kind, namespace, mode: 'replace', name });
    const result = await serviceFor(res).replace(kind, namespace, name, object, writeOptions(query));
    if (!query.dryRun) noted(res, 'update', [result.body.object]);
    send(res, result);
  });

  router.delete('/namespaces/:namespace/istio/:kind/:name', async (req, res) => {
    const { namespace, kind, name } = parseParams(pathShape, req.params);
    const query = parseParams(
      {
        dryRun: booleanSchema.optional(),
        resourceVersion: resourceVersionSchema.optional(),
      },
      req.query,
    );
    const result = await serviceFor(res).remove(kind, namespace, name, {
      dryRun: query.dryRun ?? false,
      resourceVersion: query.resourceVersion,
    });
    if (!query.dryRun) noted(res, 'delete', [result.body.object]);
    send(res, result);
  });

  return router;
}

function writeOptions(query: { dryRun?: boolean | undefined; force?: boolean | undefined }) {
  return { dryRun: query.dryRun ?? false, force: query.force ?? false };
}

function send(res: Response, result: WriteResult): void {
  res.status(result.status).json(result.body);
}

/**
 * `{objects: [...]}`: 1 to ISTIO_SET_LIMIT objects to create, each checked like a single create's
 * body (its kind picks the resource), field paths prefixed `objects[i].`; no two the same object.
 */
export function parseSetBody(body: unknown, namespace: string): IstioObjectJson[] {
  const objects = (body as { objects?: unknown } | null)?.objects;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray(objects)) {
    throw invalidBody([{ path: 'objects', message: 'is required: a list of the objects to create' }]);
  }
  if (objects.length === 0 || objects.length > ISTIO_SET_LIMIT) {
    throw invalidBody([
      { path: 'objects', message: `must hold 1 to ${ISTIO_SET_LIMIT} objects, got ${objects.length}` },
    ]);
  }
  const errors: FieldError[] = [];
  const parsed: IstioObjectJson[] = [];
  const seen = new Set<string>();
  for (const [i, item] of objects.entries()) {
    const prefix = `objects[${i}].`;
    const sentKind = (item as { kind?: unknown } | null)?.kind;
    const kind = istioKindSchema.safeParse(sentKind);
    if (!kind.success) {
      errors.push({
        path: `${prefix}kind`,
        message: `must be one of ${istioKindSchema.options.join(', ')}, got ${typeof sentKind === 'string' ? echo(sentKind) : JSON.stringify(sentKind ?? null)}`,
      });
      continue;
    }
    try {
      const object = parseIstioBody(item, {
        resource: istioResourceOf(kind.data),
        namespace,
        mode: 'create',
      });
      const key = `${object.kind}/${object.metadata.name}`;
      if (seen.has(key)) {
        errors.push({ path: `${prefix}metadata.name`, message: `${key} is in the list twice` });
      }
      seen.add(key);
      parsed.push(object);
    } catch (err) {
      const fieldErrors = (err as { fieldErrors?: FieldError[] }).fieldErrors;
      if (!fieldErrors) throw err;
      errors.push(...fieldErrors.map((f) => ({ path: `${prefix}${f.path}`, message: f.message })));
    }
  }
  if (errors.length > 0) throw invalidBody(errors);
  return parsed;
}

interface BodyTarget {
  resource: IstioResource;
  namespace: string;
  mode: 'create' | 'replace';
  /** The name in the URL (replace). */
  name?: string;
}

/**
 * The request body as the object to send to Kubernetes, or a 400 naming every wrong field: an
 * object of the URL's kind at the version Sextant writes, in the URL's namespace (or none), with
 * a valid name; a replace must carry the `metadata.resourceVersion` it was edited from (no blind
 * writes), a create must not. Every other field is kept as sent.
 */
export function parseIstioBody(body: unknown, target: BodyTarget): IstioObjectJson {
  const { group, version, kind } = ISTIO_RESOURCES[target.resource];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidBody([
      { path: '', message: `the body must be a JSON object: the ${kind} (Content-Type: application/json)` },
    ]);
  }
  // The name is checked below, where the URL tells whether it may be left out.
  const withName = body as { metadata?: { name?: unknown } };
  const metadata = withName.metadata;
  const probe =
    target.mode === 'replace' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    metadata.name === undefined
      ? { ...withName, metadata: { ...metadata, name: target.name } }
      : body;
  const parsed = istioObjectSchema.safeParse(probe);
  if (!parsed.success) throw invalidBody(parsed.error.issues.map((issue) => toFieldError(issue, probe)));

  const object = parsed.data;
  const errors: FieldError[] = [];
  const apiVersion = `${group}/${version}`;
  if (object.kind !== kind) {
    errors.push({
      path: 'kind',
      message: `must be ${kind} for ${target.resource}, got ${echo(object.kind)}`,
    });
  }
  if (object.apiVersion !== apiVersion) {
    errors.push({
      path: 'apiVersion',
      message: `must be ${apiVersion} (the version Sextant reads and writes), got ${echo(object.apiVersion)}`,
    });
  }
  const { name, namespace, resourceVersion } = object.metadata;
  const nameError = nameProblem(name, 'workload');
  if (nameError !== undefined) errors.push({ path: 'metadata.name', message: nameError });
  else if (target.name !== undefined && name !== target.name) {
    errors.push({
      path: 'metadata.name',
      message: `must be ${echo(target.name)} as in the URL, got ${echo(name)}`,
    });
  }
  if (namespace !== undefined && namespace !== '' && namespace !== target.namespace) {
    errors.push({
      path: 'metadata.namespace',
      message: `must be ${echo(target.namespace)} as in the URL (or left out), got ${echo(namespace)}`,
    });
  }
  if (target.mode === 'replace' && !resourceVersion) {
    errors.push({
      path: 'metadata.resourceVersion',
      message:
        'is required: send the resourceVersion of the object you edited, so a change made meanwhile ' +
        'is a conflict rather than overwritten',
    });
  } else if (target.mode === 'replace' && resourceVersion) {
    const problem = resourceVersionProblem(resourceVersion);
    if (problem !== undefined) errors.push({ path: 'metadata.resourceVersion', message: problem });
  }
  if (target.mode === 'create' && resourceVersion) {
    errors.push({ path: 'metadata.resourceVersion', message: 'must not be set when creating an object' });
  }
  if (errors.length > 0) throw invalidBody(errors);
  // What was sent, not zod's copy: the fields and their order reach Kubernetes as the user wrote them.
  const sent = structuredClone(probe) as IstioObjectJson;
  sent.metadata.namespace = target.namespace;
  return sent;
}

function toFieldError(issue: z.core.$ZodIssue, input: unknown): FieldError {
  const value = issue.path.reduce<unknown>(
    (v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
  return { path: fieldPath(issue.path), message: value === undefined ? 'is required' : issue.message };
}

/** `['spec', 'http', 0, 'route']` -> `spec.http[0].route`, the form Kubernetes uses in Status causes. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, seg) => {
    if (typeof seg === 'number') return `${out}[${seg}]`;
    const key = String(seg);
    return out ? `${out}.${key}` : key;
  }, '');
}
