import type { Logger } from 'pino';
import type { KubeClient } from '../clients/kube.client.ts';
import { describeError } from '../errors.ts';
import type { HistorySettings } from '../settings.ts';
import { ChangeRecorder, type NotedWrite } from './changeRecorder.ts';
import type { ChangeStore } from './changeStore.ts';
import { openPostgres, openSqlite } from './drivers.ts';
import { SqlChangeStore } from './sqlStore.ts';

/** How often retention runs. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** The running change history: the store the routes read, and the recorder writes go through. */
export interface ChangeHistory {
  store: ChangeStore;
  noteWrite(write: NotedWrite): void;
  /** Every change seen so far is stored (tests). */
  flushed(): Promise<void>;
  stop(): Promise<void>;
}

export async function openChangeStore(
  settings: Extract<HistorySettings, { enabled: true }>,
): Promise<ChangeStore> {
  const driver =
    settings.store.type === 'sqlite'
      ? await openSqlite(settings.store.file)
      : await openPostgres(settings.store.url);
  try {
    return await SqlChangeStore.open(driver);
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Starts recording into `store` (before the caches start, so their first LIST is seen) and keeps
 * the store within its retention, now and every ten minutes.
 */
export async function startChangeHistory(options: {
  store: ChangeStore;
  kube: Pick<KubeClient, 'subscribe' | 'snapshot'>;
  now: () => number;
  logger: Logger;
  retentionMs: number;
  maxBytes: number;
}): Promise<ChangeHistory> {
  const { store, now, logger } = options;
  const recorder = await ChangeRecorder.start({ store, kube: options.kube, now, logger });
  const prune = async () => {
    try {
      const removed = await store.prune(now() - options.retentionMs, options.maxBytes);
      if (removed > 0) logger.info({ removed }, 'change history: dropped changes past the retention');
    } catch (err) {
      logger.warn({ err: describeError(err) }, 'change history: retention failed');
    }
  };
  await prune();
  const timer = setInterval(() => void prune(), PRUNE_EVERY_MS);
  timer.unref();
  return {
    store,
    noteWrite: (write) => recorder.noteWrite(write),
    flushed: () => recorder.flushed(),
    async stop() {
      clearInterval(timer);
      await recorder.stop();
      await store.close();
    },
  };
}
