import {
  type ChangeDetail,
  type ChangeList,
  type ChangeSummary,
  type ConfigAt,
  type HistoryKind,
} from '@sextant/contracts';
import { diffObjects, type KubeObjectJson } from '@sextant/mesh';
import { ISTIO_CACHE_KINDS, type KubeClient, type KubeObjects } from '../clients/kube.client.ts';
import { AppError, describeError, forbidden, notFound } from '../errors.ts';
import { assertNamespacesReadable, canRead, type NamespaceScope } from '../auth/namespaceScope.ts';
import type { ChangeHistory } from '../history/history.ts';
import type { StoredChange } from '../history/changeStore.ts';

/** The Istio kinds: the config a past graph's badges come from. */
const ISTIO_KINDS: readonly HistoryKind[] = Object.values(ISTIO_CACHE_KINDS);

export interface ChangeQuery {
  namespaces: readonly string[] | undefined;
  kinds: readonly HistoryKind[] | undefined;
  name: string | undefined;
  /** Milliseconds since the epoch. */
  from: number | undefined;
  to: number | undefined;
  before: number | undefined;
  limit: number;
}

const summary = (c: StoredChange): ChangeSummary => ({
  id: c.id,
  time: c.time,
  kind: c.kind,
  objectKind: c.objectKind,
  namespace: c.namespace,
  name: c.name,
  operation: c.operation === 'baseline' ? 'create' : c.operation,
  resourceVersion: c.resourceVersion,
  ...(c.author !== undefined ? { author: c.author } : {}),
  attributed: c.attributed,
  seenLate: c.seenLate,
  paths: c.paths,
});

/** What users may read of the change history: Kubernetes RBAC decides, per namespace and kind. */
export class HistoryService {
  constructor(
    private readonly history: ChangeHistory | undefined,
    private readonly kube: Pick<KubeClient, 'listNamespaces'>,
  ) {}

  get enabled(): boolean {
    return this.history !== undefined;
  }

  async list(query: ChangeQuery, scope: NamespaceScope): Promise<ChangeList> {
    if (!this.history) return { changes: [], enabled: false };
    let namespaces = query.namespaces;
    if (!scope.all) {
      // Named namespaces are checked as the graph's: one the user may not read is a 403.
      if (namespaces !== undefined) assertNamespacesReadable(scope, namespaces);
      else
        namespaces = (await this.kube.listNamespaces())
          .map((n) => n.metadata?.name ?? '')
          .filter((ns) => canRead(scope, 'namespaces', ns));
    }
    const rows = await this.store().list({
      namespaces,
      kinds: query.kinds,
      name: query.name,
      from: query.from,
      to: query.to,
      beforeId: query.before,
      limit: query.limit + 1,
    });
    // The page is the first `limit` rows, less the kinds the user may not read there: the cursor
    // then follows the last row looked at, so no change is skipped or shown twice.
    const window = rows.slice(0, query.limit);
    const last = rows.length > query.limit ? window[window.length - 1] : undefined;
    return {
      changes: window.filter((c) => canRead(scope, c.kind, c.namespace)).map(summary),
      enabled: true,
      ...(last ? { nextBefore: last.id } : {}),
    };
  }

  async get(id: number, scope: NamespaceScope): Promise<ChangeDetail> {
    const c = this.history ? await this.store().get(id) : undefined;
    if (!c || c.operation === 'baseline') throw notFound(`no change ${id} in the history`);
    if (!canRead(scope, c.kind, c.namespace))
      throw forbidden(
        `Kubernetes RBAC does not let you read ${c.objectKind} objects in namespace "${c.namespace}"`,
        {
          upstream: 'kubernetes',
          reason: 'Forbidden',
        },
      );
    return {
      ...summary(c),
      ...(c.before ? { before: c.before } : {}),
      ...(c.after ? { after: c.after } : {}),
      diff: diffObjects(c.before, c.after, { context: 3 }),
    };
  }

  /** The Istio config of a namespace at `time` (ms). */
  async configAt(namespace: string, time: number, scope: NamespaceScope): Promise<ConfigAt> {
    const rows = (await this.store().stateAt(time, namespace)).filter(
      (c) => ISTIO_KINDS.includes(c.kind) && canRead(scope, c.kind, namespace),
    );
    const since = await this.store().since();
    return {
      namespace,
      time,
      objects: rows.map((c) => ({ kind: c.kind, object: c.after ?? {} })),
      ...(since !== undefined ? { since } : {}),
    };
  }

  /**
   * Every Istio object live at `time` (ms), as the caches would have held it: what a past graph
   * badges by. Undefined when the history does not reach back that far (or is off).
   */
  async istioObjectsAt(time: number): Promise<Partial<KubeObjects> | undefined> {
    if (!this.history) return undefined;
    const since = await this.store().since();
    if (since === undefined || since > time) return undefined;
    const out: Partial<Record<HistoryKind, KubeObjectJson[]>> = {};
    for (const kind of ISTIO_KINDS) out[kind] = [];
    for (const c of await this.store().stateAt(time)) {
      if (ISTIO_KINDS.includes(c.kind) && c.after) out[c.kind]!.push(c.after as unknown as KubeObjectJson);
    }
    return out as Partial<KubeObjects>;
  }

  private store() {
    if (!this.history)
      throw new AppError(503, 'NOT_READY', 'The change history is off on this server (SEXTANT_HISTORY=off).');
    return this.history.store;
  }
}

/** A store that fails (PostgreSQL away, a full disk) is a 503 naming it, never a 500. */
export async function fromStore<T>(work: () => Promise<T>, what: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      503,
      'NOT_READY',
      `The change history could not be read (${what}): ${describeError(err)}`,
      {
        cause: err,
      },
    );
  }
}
