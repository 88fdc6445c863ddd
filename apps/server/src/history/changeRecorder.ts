import { HISTORY_KINDS, type ChangeOperation, type HistoryKind } from '@sextant/contracts';
import { changeBetween, historyContent, pathsOf, type KubeObjectJson } from '@sextant/mesh';
import type { Logger } from 'pino';
import type { CacheEvent, KubeClient } from '../clients/kube.client.ts';
import { describeError } from '../errors.ts';
import type { ChangeStore, Json } from './changeStore.ts';

/** The Kubernetes kind of each recorded cache, for objects a LIST returned without it. */
export const OBJECT_KINDS: Readonly<Record<HistoryKind, string>> = {
  namespaces: 'Namespace',
  deployments: 'Deployment',
  services: 'Service',
  virtualServices: 'VirtualService',
  destinationRules: 'DestinationRule',
  gateways: 'Gateway',
  serviceEntries: 'ServiceEntry',
  peerAuthentications: 'PeerAuthentication',
  sidecars: 'Sidecar',
  authorizationPolicies: 'AuthorizationPolicy',
  requestAuthentications: 'RequestAuthentication',
};

/** A write Sextant made for a user, so the change it causes carries their name. */
export interface NotedWrite {
  kind: HistoryKind;
  namespace: string;
  name: string;
  operation: ChangeOperation;
  /** The resourceVersion the API server gave the written object (create, update). */
  resourceVersion?: string | undefined;
  author: string;
}

export interface ChangeRecorderOptions {
  store: ChangeStore;
  kube: Pick<KubeClient, 'subscribe' | 'snapshot'>;
  /** Milliseconds since the epoch. */
  now: () => number;
  logger: Logger;
  /** How long a noted write waits for its watch event (and an event for its note). */
  attributionTtlMs?: number;
}

interface Known {
  content: Json;
  resourceVersion: string;
}

const keyOf = (kind: HistoryKind, namespace: string, name: string) =>
  `${kind}\u0000${namespace}\u0000${name}`;

/** The metadata the cluster-state types leave out. */
const versionOf = (object: KubeObjectJson): string | undefined =>
  (object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;

/** Namespace and name as the history files them: a Namespace is filed under its own name. */
function placeOf(kind: HistoryKind, object: KubeObjectJson): { namespace: string; name: string } {
  const name = object.metadata?.name ?? '';
  return { namespace: kind === 'namespaces' ? name : (object.metadata?.namespace ?? ''), name };
}

/**
 * Records what the watch caches see: every create, update and delete of the recorded kinds, with
 * the content before and after. A whole new LIST (the first one, and one after every watch gap) is
 * compared with what the store knew: what differs is recorded as seen late, so a restart or an
 * outage loses nothing. On the very first start the LIST is the baseline, not a change. A write
 * Sextant made is attributed to its user; everything else is "seen" (kubectl, controllers).
 */
export class ChangeRecorder {
  private readonly known = new Map<string, Known>();
  private readonly relisted = new Set<HistoryKind>();
  private readonly notes = new Map<string, { author: string; at: number }>();
  /** Recent unattributed changes by object, for a note that comes after its event. */
  private readonly recent = new Map<
    string,
    { resourceVersion: string; operation: ChangeOperation; at: number }
  >();
  private readonly unsubscribes: Array<() => void> = [];
  private queue: Promise<void> = Promise.resolve();
  private firstStart = false;
  private readonly ttlMs: number;

  private constructor(private readonly options: ChangeRecorderOptions) {
    this.ttlMs = options.attributionTtlMs ?? 60_000;
  }

  /** Loads what the store knows, then listens to the caches (those already synced are compared at once). */
  static async start(options: ChangeRecorderOptions): Promise<ChangeRecorder> {
    const recorder = new ChangeRecorder(options);
    const state = await options.store.stateAt();
    for (const c of state) {
      if (c.after)
        recorder.known.set(keyOf(c.kind, c.namespace, c.name), {
          content: c.after,
          resourceVersion: c.resourceVersion,
        });
    }
    recorder.firstStart = state.length === 0 && (await options.store.since()) === undefined;
    for (const kind of HISTORY_KINDS) {
      recorder.unsubscribes.push(
        options.kube.subscribe(kind, (event) => recorder.enqueue(() => recorder.onEvent(kind, event))),
      );
    }
    const snapshot = options.kube.snapshot();
    for (const kind of HISTORY_KINDS) {
      if (snapshot.statuses[kind].synced)
        recorder.enqueue(() => recorder.onEvent(kind, { type: 'relisted', objects: snapshot.objects[kind] }));
    }
    return recorder;
  }

  /** Resolves once every event received so far is stored (tests, shutdown). */
  flushed(): Promise<void> {
    return this.queue;
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    await this.queue;
  }

  /** Called after Sextant wrote for a user: the change it causes (or caused) is theirs. */
  noteWrite(write: NotedWrite): void {
    this.enqueue(async () => {
      const object = keyOf(write.kind, write.namespace, write.name);
      const seen = this.recent.get(object);
      const matches =
        seen !== undefined &&
        (write.operation === 'delete'
          ? seen.operation === 'delete'
          : seen.resourceVersion === write.resourceVersion && seen.operation !== 'delete');
      if (matches) {
        this.recent.delete(object);
        await this.options.store.attribute(
          {
            kind: write.kind,
            namespace: write.namespace,
            name: write.name,
            resourceVersion: seen.resourceVersion,
          },
          write.author,
        );
        return;
      }
      this.notes.set(noteKey(object, write.operation, write.resourceVersion), {
        author: write.author,
        at: this.options.now(),
      });
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => {
      this.options.logger.warn({ err: describeError(err) }, 'change history: could not record a change');
    });
  }

  private async onEvent(kind: HistoryKind, event: CacheEvent<KubeObjectJson>): Promise<void> {
    this.expire();
    switch (event.type) {
      case 'upsert':
        await this.record(kind, event.object, false);
        return;
      case 'delete':
        await this.recordDelete(kind, placeOf(kind, event.object), versionOf(event.object), false);
        return;
      case 'relisted':
        await this.reconcile(kind, event.objects);
        return;
    }
  }

  private async reconcile(kind: HistoryKind, objects: readonly KubeObjectJson[]): Promise<void> {
    const baseline = this.firstStart && !this.relisted.has(kind);
    this.relisted.add(kind);
    const listed = new Set<string>();
    for (const object of objects) {
      const place = placeOf(kind, object);
      listed.add(keyOf(kind, place.namespace, place.name));
      if (baseline) await this.recordBaseline(kind, object);
      else await this.record(kind, object, true);
    }
    if (baseline) return;
    const prefix = `${kind}\u0000`;
    for (const key of [...this.known.keys()]) {
      if (!key.startsWith(prefix) || listed.has(key)) continue;
      const [, namespace = '', name = ''] = key.split('\u0000');
      await this.recordDelete(kind, { namespace, name }, undefined, true);
    }
  }

  private async recordBaseline(kind: HistoryKind, object: KubeObjectJson): Promise<void> {
    const { namespace, name } = placeOf(kind, object);
    const content = historyContent(kind, object);
    const resourceVersion = versionOf(object) ?? '';
    await this.options.store.add({
      time: this.options.now(),
      kind,
      objectKind: OBJECT_KINDS[kind],
      namespace,
      name,
      operation: 'baseline',
      resourceVersion,
      author: undefined,
      attributed: false,
      seenLate: false,
      paths: [],
      before: undefined,
      after: content,
    });
    this.known.set(keyOf(kind, namespace, name), { content, resourceVersion });
  }

  private async record(kind: HistoryKind, object: KubeObjectJson, seenLate: boolean): Promise<void> {
    const { namespace, name } = placeOf(kind, object);
    const key = keyOf(kind, namespace, name);
    const before = this.known.get(key);
    const content = historyContent(kind, object);
    const operation = changeBetween(before?.content, content);
    const resourceVersion = versionOf(object) ?? '';
    if (!operation) {
      this.known.set(key, { content, resourceVersion });
      return;
    }
    const note = this.takeNote(key, operation, resourceVersion);
    await this.options.store.add({
      time: this.options.now(),
      kind,
      objectKind: OBJECT_KINDS[kind],
      namespace,
      name,
      operation,
      resourceVersion,
      author: note,
      attributed: note !== undefined,
      seenLate,
      paths: pathsOf(operation, before?.content, content),
      before: before?.content,
      after: content,
    });
    this.known.set(key, { content, resourceVersion });
    if (note === undefined) this.recent.set(key, { resourceVersion, operation, at: this.options.now() });
  }

  private async recordDelete(
    kind: HistoryKind,
    place: { namespace: string; name: string },
    resourceVersion: string | undefined,
    seenLate: boolean,
  ): Promise<void> {
    const key = keyOf(kind, place.namespace, place.name);
    const before = this.known.get(key);
    if (!before) return;
    // A deletion seen late has no resourceVersion of its own: the last known one marks it.
    const version = resourceVersion ?? `${before.resourceVersion}-deleted`;
    const note = this.takeNote(key, 'delete', version);
    await this.options.store.add({
      time: this.options.now(),
      kind,
      objectKind: OBJECT_KINDS[kind],
      namespace: place.namespace,
      name: place.name,
      operation: 'delete',
      resourceVersion: version,
      author: note,
      attributed: note !== undefined,
      seenLate,
      paths: pathsOf('delete', before.content, undefined),
      before: before.content,
      after: undefined,
    });
    this.known.delete(key);
    if (note === undefined)
      this.recent.set(key, { resourceVersion: version, operation: 'delete', at: this.options.now() });
  }

  private takeNote(key: string, operation: ChangeOperation, resourceVersion: string): string | undefined {
    const noteKeyed = noteKey(
      key,
      operation === 'delete' ? 'delete' : 'update',
      operation === 'delete' ? undefined : resourceVersion,
    );
    const note = this.notes.get(noteKeyed);
    if (!note) return undefined;
    this.notes.delete(noteKeyed);
    return note.author;
  }

  private expire(): void {
    const oldest = this.options.now() - this.ttlMs;
    for (const [k, v] of this.notes) if (v.at < oldest) this.notes.delete(k);
    for (const [k, v] of this.recent) if (v.at < oldest) this.recent.delete(k);
  }
}

/** Creates and updates are matched by resourceVersion, deletes by object (their version is the API server's). */
function noteKey(object: string, operation: ChangeOperation, resourceVersion: string | undefined): string {
  return operation === 'delete' ? `${object}\u0000delete` : `${object}\u0000${resourceVersion ?? ''}`;
}
