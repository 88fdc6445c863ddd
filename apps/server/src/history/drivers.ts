import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SqlConnection, SqlDriver } from './sqlStore.ts';

type Param = string | number | null;

/**
 * SQLite in one file (better-sqlite3, loaded only when used: a native addon the bundle keeps
 * outside, see scripts/bundle.ts). WAL, so readers never wait for the recorder.
 */
export async function openSqlite(file: string): Promise<SqlDriver> {
  const { default: Database } = await import('better-sqlite3');
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      // `$1` -> `@p1`: better-sqlite3 binds named parameters from an object.
      s = db.prepare(sql.replace(/\$(\d+)/g, '@p$1'));
      if (statements.size > 200) statements.clear();
      statements.set(sql, s);
    }
    return s;
  };
  const bind = (params: readonly Param[] = []) =>
    Object.fromEntries(params.map((v, i) => [`p${i + 1}`, v ?? null]));
  const connection: SqlConnection = {
    exec: async (sql) => {
      db.exec(sql);
    },
    all: async <T>(sql: string, params?: readonly Param[]) => prepare(sql).all(bind(params)) as T[],
    run: async (sql, params) => prepare(sql).run(bind(params)).changes,
  };
  return {
    dialect: 'sqlite',
    description: `SQLite ${file}`,
    ...connection,
    async transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await work(connection);
        db.exec('COMMIT');
        return out;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
    async sizeBytes() {
      const pages = Number(db.pragma('page_count', { simple: true }));
      const free = Number(db.pragma('freelist_count', { simple: true }));
      return (pages - free) * Number(db.pragma('page_size', { simple: true }));
    },
    async close() {
      statements.clear();
      db.close();
    },
  };
}

/** A pool or one of its clients. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** An advisory lock key all replicas share, so only one migrates at a time. */
const MIGRATION_LOCK = 0x5e47a27;

/** PostgreSQL (node-postgres), for replicas that share one history. */
export async function openPostgres(url: string): Promise<SqlDriver> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 10_000,
    // BIGINT columns (ids, times) as numbers: they stay far below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A dropped idle connection is the pool's to replace, not a crash.
  pool.on('error', () => undefined);
  const on = (client: Queryable): SqlConnection => ({
    exec: async (sql) => {
      await client.query(sql);
    },
    all: async <T>(sql: string, params: readonly Param[] = []) =>
      (await client.query(sql, [...params])).rows as T[],
    run: async (sql, params = []) => (await client.query(sql, [...params])).rowCount ?? 0,
  });
  const safeUrl = new URL(url);
  safeUrl.password = safeUrl.password ? '***' : '';
  return {
    dialect: 'postgres',
    description: `PostgreSQL ${safeUrl.host}${safeUrl.pathname}`,
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const out = await work(on(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async sizeBytes() {
      const rows = (await pool.query("SELECT pg_total_relation_size('changes') AS n")).rows as {
        n: number;
      }[];
      return Number(rows[0]?.n ?? 0);
    },
    async close() {
      await pool.end();
    },
  };
}
