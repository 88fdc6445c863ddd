import { randomUUID } from 'node:crypto';
import { alreadyExists, conflict, KubeApiError, notFound } from './errors.ts';
import { stableJson } from './stableJson.ts';
import type { GroupResource, KubeObject, ObjectReader, StoreEvent, WatchEventType } from './types.ts';

export interface StoreOptions {
  /** Watch events kept per resource type for resuming watches; older resourceVersions get 410 Gone. */
  historyLimit?: number;
  now?: () => Date;
  newUid?: () => string;
}

export interface WriteOptions {
  dryRun?: boolean;
}

interface LoggedEvent extends StoreEvent {
  rv: number;
}

interface History {
  events: LoggedEvent[];
  /** Events with a resourceVersion above this are all still in `events`. */
  floor: number;
}

const grKey = (gr: GroupResource): string => `${gr.group}/${gr.resource}`;
const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/** Everything but metadata and status: a change here is a change of desired state and bumps `generation`. */
function desiredState(object: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = object;
  return stableJson(rest);
}

/**
 * The simulated cluster's storage: one global, monotonically increasing resourceVersion (like etcd's
 * revision), objects per resource type, and a bounded history of events per type for watches.
 * It enforces identity and concurrency rules (uid, generation, resourceVersion preconditions);
 * what is valid for a kind is checked by the API layer before a write gets here.
 */
export class ObjectStore implements ObjectReader {
  private revision = 0;
  private readonly tables = new Map<string, Map<string, KubeObject>>();
  private readonly histories = new Map<string, History>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly historyLimit: number;
  /** Types without history yet expire versions below this (0, or the revision of the last `expireHistory`). */
  private historyFloor = 0;
  private readonly now: () => Date;
  private readonly newUid: () => string;

  constructor(options: StoreOptions = {}) {
    this.historyLimit = options.historyLimit ?? 2000;
    this.now = options.now ?? (() => new Date());
    this.newUid = options.newUid ?? randomUUID;
  }

  resourceVersion(): string {
    return String(this.revision);
  }

  list(gr: GroupResource, namespace?: string): readonly KubeObject[] {
    const table = this.tables.get(grKey(gr));
    if (!table) return [];
    const all = [...table.values()];
    const items = namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
    return items.sort((a, b) =>
      objectKey(a.metadata.namespace, a.metadata.name) < objectKey(b.metadata.namespace, b.metadata.name)
        ? -1
        : 1,
    );
  }

  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.tables.get(grKey(gr))?.get(objectKey(namespace, name));
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  create(gr: GroupResource, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const { namespace, name } = input.metadata;
    if (this.get(gr, namespace, name)) throw alreadyExists(gr.group, gr.resource, name);
    const object = structuredClone(input);
    const metadata = object.metadata;
    delete metadata.deletionTimestamp;
    delete metadata.resourceVersion;
    metadata.uid = this.newUid();
    metadata.creationTimestamp = this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    if (object.spec !== undefined || gr.group !== '') metadata.generation = 1;
    return this.commit(gr, 'ADDED', object, options);
  }

  /**
   * Replaces an object. A non-empty `metadata.resourceVersion` is a precondition (409 when stale);
   * an empty one is an unconditional update, as Kubernetes allows for these kinds.
   */
  update(gr: GroupResource, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const { namespace, name } = input.metadata;
    const existing = this.get(gr, namespace, name);
    if (!existing) throw notFound(gr.group, gr.resource, name);
    const expected = input.metadata.resourceVersion;
    if (expected && expected !== existing.metadata.resourceVersion)
      throw conflict(gr.group, gr.resource, name);
    const object = structuredClone(input);
    object.metadata.uid = existing.metadata.uid;
    object.metadata.creationTimestamp = existing.metadata.creationTimestamp;
    if (existing.metadata.generation !== undefined) {
      const changed = desiredState(existing) !== desiredState(object);
      object.metadata.generation = existing.metadata.generation + (changed ? 1 : 0);
    }
    if (
      stableJson({ ...object, metadata: { ...object.metadata, resourceVersion: undefined } }) ===
      stableJson({ ...existing, metadata: { ...existing.metadata, resourceVersion: undefined } })
    ) {
      // A no-op write does not create a new revision, as in Kubernetes.
      return existing;
    }
    return this.commit(gr, 'MODIFIED', object, options, existing);
  }

  delete(
    gr: GroupResource,
    namespace: string | undefined,
    name: string,
    options: WriteOptions & { resourceVersion?: string; uid?: string } = {},
  ): KubeObject {
    const existing = this.get(gr, namespace, name);
    if (!existing) throw notFound(gr.group, gr.resource, name);
    if (options.resourceVersion && options.resourceVersion !== existing.metadata.resourceVersion)
      throw conflict(gr.group, gr.resource, name);
    if (options.uid && options.uid !== existing.metadata.uid)
      throw new KubeApiError(
        409,
        'Conflict',
        `Precondition failed: UID in precondition: ${options.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    const object = structuredClone(existing);
    object.metadata.deletionTimestamp = this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    return this.commit(gr, 'DELETED', object, options);
  }

  /**
   * Forgets the watch history, as a restarted API server does (its watch cache starts empty): a
   * watch resumed from any resourceVersion before now gets 410 Gone and must list again.
   */
  expireHistory(): void {
    for (const history of this.histories.values()) {
      history.events = [];
      history.floor = this.revision;
    }
    this.historyFloor = this.revision;
  }

  /** Events after `resourceVersion` for a type, or 'expired' when they are no longer kept (410 Gone). */
  eventsSince(gr: GroupResource, resourceVersion: number): readonly StoreEvent[] | 'expired' {
    const history = this.histories.get(grKey(gr));
    if (!history) return resourceVersion < this.historyFloor ? 'expired' : [];
    if (resourceVersion < history.floor) return 'expired';
    return history.events.filter((e) => e.rv > resourceVersion);
  }

  private commit(
    gr: GroupResource,
    type: WatchEventType,
    object: KubeObject,
    options: WriteOptions,
    previous?: KubeObject,
  ): KubeObject {
    if (options.dryRun) return object;
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    const key = grKey(gr);
    let table = this.tables.get(key);
    if (!table) this.tables.set(key, (table = new Map()));
    const id = objectKey(object.metadata.namespace, object.metadata.name);
    if (type === 'DELETED') table.delete(id);
    else table.set(id, object);

    let history = this.histories.get(key);
    if (!history) this.histories.set(key, (history = { events: [], floor: this.historyFloor }));
    const event: StoreEvent = { type, gr, object, ...(previous ? { previous } : {}) };
    history.events.push({ ...event, rv: this.revision });
    if (history.events.length > this.historyLimit) {
      const dropped = history.events.splice(0, history.events.length - this.historyLimit);
      history.floor = dropped[dropped.length - 1]!.rv;
    }
    for (const listener of this.listeners) listener(event);
    return object;
  }
}
