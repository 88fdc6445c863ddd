import { historyKindSchema } from '@sextant/contracts';
import type {
  ChangeFilter,
  ChangeStore,
  Json,
  NewChange,
  StoredChange,
  StoredOperation,
} from './changeStore.ts';

type Param = string | number | null;

/** The few calls the store makes, the same for SQLite and PostgreSQL; SQL uses `$1`-style parameters. */
export interface SqlConnection {
  exec(sql: string): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
}

export interface SqlDriver extends SqlConnection {
  readonly dialect: 'sqlite' | 'postgres';
  readonly description: string;
  /** Runs `work` in one transaction; PostgreSQL also takes a lock all replicas share (migrations). */
  transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T>;
  /** Bytes the history takes on disk. */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Versioned schema migrations, applied in order once each (`schema_migrations` says which ran).
 * A migration is never edited once released: a change to the schema is a new entry.
 */
const MIGRATIONS: ReadonlyArray<(dialect: SqlDriver['dialect']) => string> = [
  (dialect) => `
    CREATE TABLE changes (
      id ${dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY'},
      time BIGINT NOT NULL,
      kind TEXT NOT NULL,
      object_kind TEXT NOT NULL,
      namespace TEXT NOT NULL,
      name TEXT NOT NULL,
      operation TEXT NOT NULL,
      resource_version TEXT NOT NULL,
      author TEXT,
      attributed INTEGER NOT NULL DEFAULT 0,
      seen_late INTEGER NOT NULL DEFAULT 0,
      paths TEXT NOT NULL,
      before_content TEXT,
      after_content TEXT
    );
    CREATE UNIQUE INDEX changes_identity ON changes (kind, namespace, name, resource_version, operation);
    CREATE INDEX changes_object ON changes (kind, namespace, name, id);
    CREATE INDEX changes_time ON changes (time);
    CREATE INDEX changes_namespace ON changes (namespace, id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

async function migrate(driver: SqlDriver): Promise<void> {
  await driver.transaction(async (tx) => {
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
    );
    const rows = await tx.all<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (const [i, migration] of MIGRATIONS.entries()) {
      const version = i + 1;
      if (applied.has(version)) continue;
      await tx.exec(migration(driver.dialect));
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
        version,
        Date.now(),
      ]);
    }
    const newest = Math.max(0, ...applied);
    if (newest > MIGRATIONS.length)
      throw new Error(
        `the history database has schema version ${newest}, newer than this server's ${MIGRATIONS.length}: upgrade the server`,
      );
  });
}

const COLUMNS =
  'id, time, kind, object_kind, namespace, name, operation, resource_version, author, attributed, seen_late, paths, before_content, after_content';

interface Row {
  id: number | string;
  time: number | string;
  kind: string;
  object_kind: string;
  namespace: string;
  name: string;
  operation: string;
  resource_version: string;
  author: string | null;
  attributed: number;
  seen_late: number;
  paths: string;
  before_content: string | null;
  after_content: string | null;
}

const parseJson = (text: string | null): Json | undefined =>
  text === null ? undefined : (JSON.parse(text) as Json);

function fromRow(r: Row): StoredChange {
  return {
    id: Number(r.id),
    time: Number(r.time),
    kind: historyKindSchema.parse(r.kind),
    objectKind: r.object_kind,
    namespace: r.namespace,
    name: r.name,
    operation: r.operation as StoredOperation,
    resourceVersion: r.resource_version,
    author: r.author ?? undefined,
    attributed: Number(r.attributed) === 1,
    seenLate: Number(r.seen_late) === 1,
    paths: JSON.parse(r.paths) as string[],
    before: parseJson(r.before_content),
    after: parseJson(r.after_content),
  };
}

/** The change store over either database: one SQL text for both. */
export class SqlChangeStore implements ChangeStore {
  private constructor(private readonly db: SqlDriver) {}

  static async open(driver: SqlDriver): Promise<SqlChangeStore> {
    await migrate(driver);
    return new SqlChangeStore(driver);
  }

  get description(): string {
    return this.db.description;
  }

  async add(c: NewChange): Promise<boolean> {
    const changed = await this.db.run(
      `INSERT INTO changes (time, kind, object_kind, namespace, name, operation, resource_version, author, attributed, seen_late, paths, before_content, after_content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT DO NOTHING`,
      [
        c.time,
        c.kind,
        c.objectKind,
        c.namespace,
        c.name,
        c.operation,
        c.resourceVersion,
        c.author ?? null,
        c.attributed ? 1 : 0,
        c.seenLate ? 1 : 0,
        JSON.stringify(c.paths),
        c.before === undefined ? null : JSON.stringify(c.before),
        c.after === undefined ? null : JSON.stringify(c.after),
      ],
    );
    if (changed > 0 || !c.attributed) return changed > 0;
    // Another replica recorded it as seen; this one knows who made it.
    await this.attribute(c, c.author ?? 'anonymous');
    return false;
  }

  async attribute(
    key: { kind: string; namespace: string; name: string; resourceVersion: string },
    author: string,
  ): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE changes SET author = $1, attributed = 1
       WHERE kind = $2 AND namespace = $3 AND name = $4 AND resource_version = $5 AND attributed = 0`,
      [author, key.kind, key.namespace, key.name, key.resourceVersion],
    );
    return changed > 0;
  }

  async list(f: ChangeFilter): Promise<StoredChange[]> {
    const where: string[] = ["operation <> 'baseline'"];
    const params: Param[] = [];
    const param = (v: Param) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.namespaces !== undefined) {
      if (f.namespaces.length === 0) return [];
      where.push(`namespace IN (${f.namespaces.map((ns) => param(ns)).join(', ')})`);
    }
    if (f.kinds !== undefined && f.kinds.length > 0)
      where.push(`kind IN (${f.kinds.map((k) => param(k)).join(', ')})`);
    if (f.name !== undefined) where.push(`name = ${param(f.name)}`);
    if (f.from !== undefined) where.push(`time >= ${param(f.from)}`);
    if (f.to !== undefined) where.push(`time <= ${param(f.to)}`);
    if (f.beforeId !== undefined) where.push(`id < ${param(f.beforeId)}`);
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM changes WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${param(f.limit)}`,
      params,
    );
    return rows.map(fromRow);
  }

  async get(id: number): Promise<StoredChange | undefined> {
    const rows = await this.db.all<Row>(`SELECT ${COLUMNS} FROM changes WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async stateAt(time?: number, namespace?: string): Promise<StoredChange[]> {
    const params: Param[] = [time ?? Number.MAX_SAFE_INTEGER];
    const inNamespace = namespace === undefined ? '' : ` AND namespace = $${params.push(namespace)}`;
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS.split(', ')
        .map((c) => `c.${c}`)
        .join(', ')} FROM changes c
       JOIN (SELECT MAX(id) AS id FROM changes WHERE time <= $1${inNamespace} GROUP BY kind, namespace, name) latest
         ON c.id = latest.id
       WHERE c.operation <> 'delete'
       ORDER BY c.kind, c.namespace, c.name`,
      params,
    );
    return rows.map(fromRow);
  }

  async since(): Promise<number | undefined> {
    const rows = await this.db.all<{ t: number | string | null }>('SELECT MIN(time) AS t FROM changes');
    const t = rows[0]?.t;
    return t === null || t === undefined ? undefined : Number(t);
  }

  async prune(cutoff: number, maxBytes: number | undefined): Promise<number> {
    // Each object's last row stays (its state), unless it says the object is gone.
    const keep = `SELECT MAX(id) FROM changes GROUP BY kind, namespace, name`;
    let removed = await this.db.run(
      `DELETE FROM changes WHERE time < $1 AND (operation = 'delete' OR id NOT IN (${keep}))`,
      [cutoff],
    );
    if (maxBytes !== undefined) {
      for (let round = 0; round < 5 && (await this.db.sizeBytes()) > maxBytes; round++) {
        const count = await this.db.all<{ n: number | string }>(
          `SELECT COUNT(*) AS n FROM changes WHERE id NOT IN (${keep})`,
        );
        const n = Math.ceil(Number(count[0]?.n ?? 0) / 5);
        if (n === 0) break;
        removed += await this.db.run(
          `DELETE FROM changes WHERE id IN (SELECT id FROM changes WHERE id NOT IN (${keep}) ORDER BY id LIMIT $1)`,
          [n],
        );
      }
    }
    return removed;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
