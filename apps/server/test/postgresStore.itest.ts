import { startPostgres, type RunningPostgres } from '@sextant/testkit';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPostgres } from '../src/history/drivers.ts';
import { SqlChangeStore } from '../src/history/sqlStore.ts';
import { changeStoreSuite } from '../src/history/storeSuite.ts';

/** The change store's suite on a real PostgreSQL started on loopback, a database per test. */
let postgres: RunningPostgres;
let databases = 0;

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describe('PostgreSQL change store', () => {
  changeStoreSuite(async () => {
    const name = `history_${++databases}`;
    const admin = await openPostgres(postgres.url);
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = postgres.url.replace(/\/postgres$/, `/${name}`);
    return {
      store: await SqlChangeStore.open(await openPostgres(url)),
      reopen: async () => SqlChangeStore.open(await openPostgres(url)),
    };
  });
});
