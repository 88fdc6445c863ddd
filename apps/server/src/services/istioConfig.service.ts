import {
  ISTIO_RESOURCES,
  istioResourceOf,
  istioResourceSchema,
  type IstioConfigItem,
  type IstioConfigList,
  type IstioDryRun,
  type IstioObjectEnvelope,
  type IstioObjectJson,
  type IstioResource,
  type IstioSetResult,
  type ObjectRef,
  type Validation,
} from '@sextant/contracts';
import {
  diffObjects,
  validateIstioConfig,
  validateIstioSpec,
  validateObject,
  validationContext,
  type KubeObjectJson,
} from '@sextant/mesh';
import type { IstioObjectApi, KubeKind, KubeObjects } from '../clients/kube.client.ts';
import {
  aggregateStatus,
  assertUsable,
  CLUSTER_STATE_KINDS,
  ISTIO_CACHE_KINDS,
} from '../clients/kube.client.ts';
import { kubeReasonOf } from '../clients/kubeErrors.ts';
import { AppError, conflict, invalidSpec, notFound } from '../errors.ts';
import type { ClusterStateSource, ClusterView } from './clusterState.service.ts';
import { withTypeMeta } from './istioObjects.ts';
import { keyOf, RecentWrites } from './recentWrites.ts';

export interface ListFilter {
  resources: readonly IstioResource[];
  /** true: only objects without error findings; false: only objects with one; undefined: all. */
  valid: boolean | undefined;
}

export interface WriteOptions {
  /** Run every check (Kubernetes' dry run and ours) and store nothing. */
  dryRun: boolean;
  /** Write even when our validation finds errors (Kubernetes still judges the spec). */
  force: boolean;
}

export interface DeleteOptions {
  dryRun: boolean;
  /** Delete only while the object is at this version. */
  resourceVersion: string | undefined;
}

export interface WriteResult {
  status: 200 | 201;
  body: IstioObjectEnvelope | IstioDryRun;
}

/**
 * Istio config: the list from the watch caches, single objects through the API server.
 *
 * Every write is first held to istiod's own rules (`validateIstioSpec`: what its validating webhook
 * would refuse, so a 422 naming each field that no `force` and no dry run gets past), then judged
 * twice: by our validations (against the cached cluster with the edited
 * object laid over it) and by Kubernetes (schema, admission, resourceVersion). A real write with
 * error findings is refused with 422 unless `force`: our checks know things the API server does not
 * (a subset no DestinationRule defines is valid YAML and a 503 in production), but they can be wrong
 * where the cluster goes beyond what they model (README of packages/mesh/src/validation, "Limits"),
 * so the user may overrule them; `force` never bypasses Kubernetes' own checks or the
 * resourceVersion precondition. Warnings never block.
 */
export class IstioConfigService {
  private readonly recent: RecentWrites;

  constructor(
    private readonly kube: IstioObjectApi,
    private readonly cluster: ClusterStateSource,
    private readonly now: () => number,
    recent?: RecentWrites,
  ) {
    this.recent = recent ?? new RecentWrites(now);
  }

  /**
   * The same service reading and writing single objects through `api` (a signed-in user's
   * credentials), sharing what it remembers of recent writes. Lists and validations still read the
   * shared caches.
   */
  as(api: IstioObjectApi): IstioConfigService {
    return api === this.kube ? this : new IstioConfigService(api, this.cluster, this.now, this.recent);
  }

  list(namespace: string, filter: ListFilter): IstioConfigList {
    const view = this.usableView(filter.resources.map((r) => ISTIO_CACHE_KINDS[r]));
    if (!view.state.namespaces.some((n) => n.name === namespace)) {
      throw notFound(`namespaces "${namespace}" not found`);
    }
    const ctx = validationContext(view.state);
    const items: IstioConfigItem[] = [];
    for (const resource of istioResourceSchema.options) {
      if (!filter.resources.includes(resource)) continue;
      const objects = view.objects[ISTIO_CACHE_KINDS[resource]]
        .filter((o) => o.metadata?.namespace === namespace && o.metadata.name)
        .map((o) => withTypeMeta(resource, o))
        .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      for (const object of objects) {
        const validations = validateObject(object, ctx);
        const valid = !validations.some((v) => v.severity === 'error');
        if (filter.valid !== undefined && filter.valid !== valid) continue;
        items.push({
          kind: object.kind,
          name: object.metadata.name,
          namespace,
          resourceVersion: object.metadata.resourceVersion ?? '',
          creationTimestamp: object.metadata.creationTimestamp ?? '',
          validations,
          object,
        });
      }
    }
    return { namespace, items };
  }

  async get(resource: IstioResource, namespace: string, name: string): Promise<IstioObjectEnvelope> {
    const view = this.usableView();
    const object = await this.kube.getIstioObject(resource, namespace, name);
    return { object, validations: this.judge(view, object) };
  }

  async create(
    resource: IstioResource,
    namespace: string,
    object: IstioObjectJson,
    { dryRun, force }: WriteOptions,
  ): Promise<WriteResult> {
    refuseIstioInvalid([{ object }]);
    const view = this.usableView();
    const validations = this.judge(view, object);
    const affected = this.introducedOnOthers(view, [object]);
    if (dryRun) {
      const stored = await this.kube.createIstioObject(resource, namespace, object, { dryRun: true });
      return { status: 200, body: { object: stored, validations, affected } };
    }
    refuseErrors([{ object, validations }], force);
    const stored = await this.kube.createIstioObject(resource, namespace, object, { dryRun: false });
    this.recent.remember(stored, cachedObject(view, stored));
    return { status: 201, body: { object: stored, validations: this.judge(view, stored), affected } };
  }

  async replace(
    resource: IstioResource,
    namespace: string,
    name: string,
    object: IstioObjectJson,
    { dryRun, force }: WriteOptions,
  ): Promise<WriteResult> {
    refuseIstioInvalid([{ object }]);
    const view = this.usableView();
    const validations = this.judge(view, object);
    const affected = this.introducedOnOthers(view, [object]);
    const sent = object.metadata.resourceVersion;
    if (dryRun) {
      const live = await this.kube.getIstioObject(resource, namespace, name);
      const stored = await this.currentOnConflict(resource, namespace, name, sent, () =>
        this.kube.replaceIstioObject(resource, namespace, name, object, { dryRun: true }),
      );
      return {
        status: 200,
        body: { object: stored, validations, diff: diffObjects(live, object), affected },
      };
    }
    refuseErrors([{ object, validations }], force);
    const stored = await this.currentOnConflict(resource, namespace, name, sent, () =>
      this.kube.replaceIstioObject(resource, namespace, name, object, { dryRun: false }),
    );
    this.recent.remember(stored, cachedObject(view, stored));
    return { status: 200, body: { object: stored, validations: this.judge(view, stored), affected } };
  }

  /**
   * Creates `objects` together (DESIGN: `POST /api/namespaces/{ns}/istio`): each judged with the
   * others laid over the cluster; our error findings refuse the whole set (unless `force`), and
   * Kubernetes' dry run of each runs before anything is written. Then they are created in order;
   * when one is refused, those created before it are deleted again, so the set is never half
   * written (short of a failed rollback, which the error names).
   */
  async createSet(
    namespace: string,
    objects: readonly IstioObjectJson[],
    { dryRun, force }: WriteOptions,
  ): Promise<{ status: 200 | 201; body: IstioSetResult }> {
    refuseIstioInvalid(objects.map((object, i) => ({ object, pathPrefix: `objects[${i}].` })));
    const view = this.usableView();
    const keys = objects.map(keyOf);
    const findings = validateIstioConfig([...this.pendingWrites(view, keys), ...objects], view.state);
    const validationsOf = (i: number) =>
      findings.filter((v) => keyOf({ kind: v.objectRef.kind, metadata: v.objectRef }) === keys[i]);
    const affected = this.introducedOnOthers(view, objects);
    const checked = await this.eachOf(objects, (object) =>
      this.kube.createIstioObject(istioResourceOf(object.kind), namespace, object, { dryRun: true }),
    );
    if (dryRun) {
      return {
        status: 200,
        body: { items: checked.map((object, i) => ({ object, validations: validationsOf(i) })), affected },
      };
    }
    refuseErrors(
      objects.map((object, i) => ({ object, validations: validationsOf(i), pathPrefix: `objects[${i}].` })),
      force,
    );
    const created: IstioObjectJson[] = [];
    try {
      await this.eachOf(objects, async (object) => {
        const stored = await this.kube.createIstioObject(istioResourceOf(object.kind), namespace, object, {
          dryRun: false,
        });
        created.push(stored);
        this.recent.remember(stored, cachedObject(view, stored));
        return stored;
      });
    } catch (err) {
      throw await this.rolledBack(err, created);
    }
    return {
      status: 201,
      body: { items: created.map((object, i) => ({ object, validations: validationsOf(i) })), affected },
    };
  }

  /** Runs `step` on each object in order; an error names the object (`objects[i]`) it came from. */
  private async eachOf<T>(
    objects: readonly IstioObjectJson[],
    step: (object: IstioObjectJson) => Promise<T>,
  ): Promise<T[]> {
    const out: T[] = [];
    for (const [i, object] of objects.entries()) {
      try {
        out.push(await step(object));
      } catch (err) {
        throw err instanceof AppError ? inSet(err, i, object) : err;
      }
    }
    return out;
  }

  /** Deletes what a failed set create had written, and says so in the error. */
  private async rolledBack(err: unknown, created: readonly IstioObjectJson[]): Promise<unknown> {
    if (!(err instanceof AppError)) return err;
    const rolledBack: ObjectRef[] = [];
    const notRolledBack: ObjectRef[] = [];
    for (const object of [...created].reverse()) {
      const { namespace = '', name, resourceVersion } = object.metadata;
      const ref = { kind: object.kind, namespace, name };
      try {
        await this.kube.deleteIstioObject(istioResourceOf(object.kind), namespace, name, {
          dryRun: false,
          resourceVersion,
        });
        this.recent.forget(object);
        rolledBack.push(ref);
      } catch {
        notRolledBack.push(ref);
      }
    }
    const undone =
      created.length === 0
        ? 'Nothing was created.'
        : notRolledBack.length === 0
          ? `The ${created.length === 1 ? 'object' : `${created.length} objects`} created before it ${created.length === 1 ? 'was' : 'were'} deleted again: nothing was changed.`
          : `Could not delete again what was created before it: ${notRolledBack.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ')} ${notRolledBack.length === 1 ? 'is' : 'are'} still there.`;
    const details = typeof err.details === 'object' && err.details !== null ? err.details : {};
    return new AppError(err.status, err.code, `${err.message} ${undone}`, {
      details: { ...details, rolledBack, notRolledBack },
      fieldErrors: err.fieldErrors,
      cause: err,
    });
  }

  /**
   * Deleting cannot make the deleted object invalid, but it can break others (a VirtualService
   * routing to a subset only this DestinationRule defined): the answer's `validations` are the
   * findings the deletion adds to other objects. They inform and never block.
   */
  async remove(
    resource: IstioResource,
    namespace: string,
    name: string,
    { dryRun, resourceVersion }: DeleteOptions,
  ): Promise<WriteResult> {
    const view = this.usableView();
    const validations = this.introducedByDeletion(view, resource, namespace, name);
    const remove = () =>
      this.currentOnConflict(resource, namespace, name, resourceVersion, () =>
        this.kube.deleteIstioObject(resource, namespace, name, { dryRun, resourceVersion }),
      );
    if (dryRun) {
      const live = await this.kube.getIstioObject(resource, namespace, name);
      await remove();
      return { status: 200, body: { object: live, validations, diff: diffObjects(live, undefined) } };
    }
    const deleted = await remove();
    const ref = withTypeMeta(resource, { metadata: { namespace, name } });
    this.recent.forget(ref);
    const cached = cachedObject(view, ref);
    const object = deleted ?? (cached ? withTypeMeta(resource, cached) : ref);
    return { status: 200, body: { object, validations } };
  }

  /** Findings for `object` against the cached cluster with our own not yet cached writes and `object` laid over it. */
  private judge(view: ClusterView, object: IstioObjectJson): Validation[] {
    const key = keyOf(object);
    const pending = this.pendingWrites(view, [key]);
    if (pending.length === 0) return validateIstioConfig([object], view.state);
    return validateIstioConfig([...pending, object], view.state).filter(
      (v) => keyOf({ kind: v.objectRef.kind, metadata: v.objectRef }) === key,
    );
  }

  /** Our own writes the caches do not show yet, except those of `exceptKeys`. */
  private pendingWrites(view: ClusterView, exceptKeys: readonly string[]): IstioObjectJson[] {
    return this.recent.pending((o) => cachedObject(view, o)).filter((o) => !exceptKeys.includes(keyOf(o)));
  }

  /**
   * Findings that laying `changed` over the cluster adds to the *other* objects: what a change
   * breaks elsewhere (a subset dropped from a DestinationRule that a VirtualService routes to).
   * Every object of the cluster is judged before and after, since references cross namespaces.
   */
  private introducedOnOthers(view: ClusterView, changed: readonly IstioObjectJson[]): Validation[] {
    const changedKeys = new Set(changed.map(keyOf));
    const pending = this.pendingWrites(view, [...changedKeys]);
    const before = overlay(configObjects(view.objects), pending);
    const after = overlay(before, changed);
    const known = new Set(validateIstioConfig(before, view.state).map(findingKey));
    return validateIstioConfig(after, view.state).filter(
      (v) => !changedKeys.has(refKey(v)) && !known.has(findingKey(v)),
    );
  }

  /**
   * The cluster as our validations see it; refused (503, or 403 when RBAC is why) while a cache
   * they read is not synced, since judging an edit against half a cluster would be wrong either way.
   */
  private usableView(extraKinds: readonly KubeKind[] = []): ClusterView {
    const view = this.cluster.current();
    assertUsable(aggregateStatus(view.statuses, [...CLUSTER_STATE_KINDS, ...extraKinds]));
    return view;
  }

  /**
   * A 409 Conflict from Kubernetes (stale resourceVersion) becomes our 409 carrying the object as
   * stored now, read fresh from the API server, so the editor can diff and re-apply its change.
   */
  private async currentOnConflict<T>(
    resource: IstioResource,
    namespace: string,
    name: string,
    sentVersion: string | undefined,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (kubeReasonOf(err) !== 'Conflict') throw err;
      const current = await this.kube.getIstioObject(resource, namespace, name);
      const { kind } = ISTIO_RESOURCES[resource];
      throw conflict(
        `${kind} ${namespace}/${name} was changed by someone else: you sent resourceVersion ` +
          `${sentVersion ?? '(none)'}, it is now ${current.metadata.resourceVersion ?? '(unknown)'}. ` +
          'Apply your change to the current version (error.details.current) and try again.',
        { upstream: 'kubernetes', reason: 'Conflict', current },
      );
    }
  }

  private introducedByDeletion(
    view: ClusterView,
    resource: IstioResource,
    namespace: string,
    name: string,
  ): Validation[] {
    const cacheKind = ISTIO_CACHE_KINDS[resource];
    const isDeleted = (o: KubeObjectJson) => o.metadata?.namespace === namespace && o.metadata.name === name;
    if (!view.objects[cacheKind].some(isDeleted)) return [];
    const remaining: KubeObjects = {
      ...view.objects,
      [cacheKind]: view.objects[cacheKind].filter((o) => !isDeleted(o)),
    };
    const before = validateIstioConfig(configObjects(view.objects), view.state);
    const after = validateIstioConfig(configObjects(remaining), this.cluster.build(remaining));
    const known = new Set(before.map(findingKey));
    return after.filter((v) => !known.has(findingKey(v)));
  }
}

function cachedObject(view: ClusterView, object: IstioObjectJson): KubeObjectJson | undefined {
  const { namespace, name } = object.metadata;
  return view.objects[ISTIO_CACHE_KINDS[istioResourceOf(object.kind)]].find(
    (o) => o.metadata?.namespace === namespace && o.metadata?.name === name,
  );
}

function configObjects(objects: KubeObjects): IstioObjectJson[] {
  return istioResourceSchema.options.flatMap((resource) =>
    objects[ISTIO_CACHE_KINDS[resource]].map((o) => withTypeMeta(resource, o)),
  );
}

/** `objects` with each of `over` replacing the object of the same kind, namespace and name, or added. */
function overlay(objects: readonly IstioObjectJson[], over: readonly IstioObjectJson[]): IstioObjectJson[] {
  const byKey = new Map(objects.map((o) => [keyOf(o), o]));
  for (const o of over) byKey.set(keyOf(o), o);
  return [...byKey.values()];
}

const refKey = (v: Validation) => keyOf({ kind: v.objectRef.kind, metadata: v.objectRef });

/** An error about one object of a set, its message and field paths naming it (`objects[1]`). */
function inSet(err: AppError, index: number, object: IstioObjectJson): AppError {
  const details = typeof err.details === 'object' && err.details !== null ? err.details : {};
  return new AppError(
    err.status,
    err.code,
    `objects[${index}] (${object.kind} ${object.metadata.name}): ${err.message}`,
    {
      details: { ...details, failedIndex: index },
      fieldErrors: err.fieldErrors?.map((f) => ({ ...f, path: `objects[${index}].${f.path}` })),
      cause: err,
    },
  );
}

const findingKey = (v: Validation) =>
  JSON.stringify([v.code, v.objectRef.kind, v.objectRef.namespace, v.objectRef.name, v.path, v.message]);

/** Our error findings refuse the write (422 naming every field) unless `force`. */
function refuseErrors(
  entries: readonly { object: IstioObjectJson; validations: readonly Validation[]; pathPrefix?: string }[],
  force: boolean,
): void {
  const withErrors = entries
    .map((e) => ({ ...e, errors: e.validations.filter((v) => v.severity === 'error') }))
    .filter((e) => e.errors.length > 0);
  if (withErrors.length === 0 || force) return;
  const count = withErrors.reduce((n, e) => n + e.errors.length, 0);
  const describe = ({ object, errors, pathPrefix = '' }: (typeof withErrors)[number]) =>
    `${pathPrefix ? `${pathPrefix.slice(0, -1)}: ` : ''}${object.kind} ${object.metadata.namespace ?? ''}/` +
    `${object.metadata.name} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ` +
    errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw invalidSpec(
    `${withErrors.map(describe).join('. ')}. Fix ${count === 1 ? 'it' : 'them'}, ` +
      'or save with force=true to write anyway.',
    withErrors.flatMap(({ errors, pathPrefix = '' }) =>
      errors.map((e) => ({ path: `${pathPrefix}${e.path}`, message: e.message })),
    ),
    { source: 'validation', validations: entries.flatMap((e) => e.validations) },
  );
}

/**
 * istiod's rules refuse the write (422 naming every field), dry run or not, `force` or not: the
 * API server's validating webhook would refuse it anyway, so there is nothing to overrule.
 */
function refuseIstioInvalid(entries: readonly { object: IstioObjectJson; pathPrefix?: string }[]): void {
  const refused = entries
    .map((e) => ({ ...e, errors: validateIstioSpec(e.object) }))
    .filter((e) => e.errors.length > 0);
  if (refused.length === 0) return;
  const describe = ({ object, errors, pathPrefix = '' }: (typeof refused)[number]) =>
    `${pathPrefix ? `${pathPrefix.slice(0, -1)}: ` : ''}${object.kind} ${object.metadata.namespace ?? ''}/` +
    `${object.metadata.name} is not valid Istio config: ` +
    errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw invalidSpec(
    `${refused.map(describe).join('. ')}. istiod refuses such objects; fix the field${refused.length === 1 && refused[0]?.errors.length === 1 ? '' : 's'} (force does not apply).`,
    refused.flatMap(({ errors, pathPrefix = '' }) =>
      errors.map((e) => ({ path: `${pathPrefix}${e.path}`, message: e.message })),
    ),
    { source: 'istio' },
  );
}
