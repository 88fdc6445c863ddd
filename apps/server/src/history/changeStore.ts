import type { ChangeOperation, HistoryKind } from '@sextant/contracts';

export type Json = Record<string, unknown>;

/** `baseline`: the state found on the very first start, kept for "config at time", never listed. */
export type StoredOperation = ChangeOperation | 'baseline';

export interface StoredChange {
  id: number;
  /** Milliseconds since the epoch. */
  time: number;
  kind: HistoryKind;
  objectKind: string;
  namespace: string;
  name: string;
  operation: StoredOperation;
  resourceVersion: string;
  author: string | undefined;
  attributed: boolean;
  seenLate: boolean;
  paths: string[];
  /** The recorded content before the change (update, delete). */
  before: Json | undefined;
  /** The recorded content after it (create, update, baseline). */
  after: Json | undefined;
}

export type NewChange = Omit<StoredChange, 'id'>;

export interface ChangeFilter {
  /** undefined: every namespace. */
  namespaces?: readonly string[] | undefined;
  kinds?: readonly HistoryKind[] | undefined;
  name?: string | undefined;
  /** Milliseconds since the epoch, inclusive. */
  from?: number | undefined;
  to?: number | undefined;
  /** Only changes older than this id (paging, newest first). */
  beforeId?: number | undefined;
  limit: number;
}

/**
 * Where the change history lives: SQLite in a file by default, PostgreSQL when replicas share it.
 * Both run the same SQL (sqlStore.ts) and pass one test suite.
 */
export interface ChangeStore {
  readonly description: string;
  /**
   * Adds a change unless one with the same object, resourceVersion and operation is there (another
   * replica saw it first): false then.
   */
  add(change: NewChange): Promise<boolean>;
  /** Names the author of a recorded change (Sextant's own write, seen before it was noted). */
  attribute(
    key: { kind: HistoryKind; namespace: string; name: string; resourceVersion: string },
    author: string,
  ): Promise<boolean>;
  /** Listed changes (no baselines), newest first. */
  list(filter: ChangeFilter): Promise<StoredChange[]>;
  get(id: number): Promise<StoredChange | undefined>;
  /** The last recorded state of every object that exists at `time` (default: now), per kind. */
  stateAt(time?: number, namespace?: string): Promise<StoredChange[]>;
  /** The oldest time the history knows the config at; undefined when empty. */
  since(): Promise<number | undefined>;
  /** Drops what is older than `cutoff` (keeping each object's last state) and, over `maxBytes`, the oldest. */
  prune(cutoff: number, maxBytes: number | undefined): Promise<number>;
  close(): Promise<void>;
}
