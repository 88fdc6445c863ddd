import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from './drivers.ts';
import { SCHEMA_VERSION, SqlChangeStore } from './sqlStore.ts';
import { changeStoreSuite } from './storeSuite.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const fresh = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sextant-history-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'history.db');
};

describe('SQLite change store', () => {
  changeStoreSuite(async () => {
    const file = fresh();
    return {
      store: await SqlChangeStore.open(await openSqlite(file)),
      reopen: async () => SqlChangeStore.open(await openSqlite(file)),
    };
  });

  it('migrates once, records the schema version, and refuses a database from a newer server', async () => {
    const file = fresh();
    const driver = await openSqlite(file);
    await (await SqlChangeStore.open(driver)).close();
    const again = await openSqlite(file);
    await SqlChangeStore.open(again);
    expect(await again.all('SELECT version FROM schema_migrations')).toEqual([{ version: SCHEMA_VERSION }]);
    await again.run('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
      SCHEMA_VERSION + 1,
      0,
    ]);
    await expect(SqlChangeStore.open(again)).rejects.toThrow(/newer than this server/);
    await again.close();
  });
});
