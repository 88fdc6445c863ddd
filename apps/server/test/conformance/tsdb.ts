import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { findPrometheusBinary, freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import { spawnManaged, type ManagedChild, waitForHttpOk } from '@sextant/testkit';

const run = promisify(execFile);

/** promtool ships with Prometheus: PROMTOOL_BIN, else beside the prometheus binary, else on PATH. */
export function findPromtoolBinary(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.PROMTOOL_BIN,
    path.join(path.dirname(findPrometheusBinary(env)), 'promtool'),
    ...(env.PATH ?? '').split(path.delimiter).map((dir) => dir && path.join(dir, 'promtool')),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      if (candidate === env.PROMTOOL_BIN) throw new Error(`PROMTOOL_BIN=${candidate} is not executable`);
    }
  }
  throw new Error('promtool not found (it comes with Prometheus); set PROMTOOL_BIN');
}

/** Writes `openMetrics` to `file` and turns it into TSDB blocks in `dataDir` (Prometheus' data dir). */
export async function createBlocks(openMetrics: string, file: string, dataDir: string): Promise<void> {
  await writeFile(file, openMetrics);
  try {
    await run(findPromtoolBinary(), ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`promtool tsdb create-blocks-from openmetrics failed: ${stderr || String(err)}`);
  }
}

export interface TsdbPrometheus {
  url: string;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

/**
 * Prometheus serving blocks written beforehand: no scrape targets, and a retention long enough
 * that past data is never deleted. `workDir` gets the config and the log.
 */
export async function startTsdbPrometheus(options: {
  dataDir: string;
  workDir: string;
  timeoutMs: number;
}): Promise<TsdbPrometheus> {
  const configFile = path.join(options.workDir, 'prometheus.yml');
  await writeFile(configFile, 'global:\n  evaluation_interval: 1m\n');
  let lastError: unknown;
  // The free port is released before Prometheus binds it; another process may take it meanwhile.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freeLoopbackPort();
    const url = `http://127.0.0.1:${port}`;
    const child: ManagedChild = spawnManaged({
      name: 'prometheus',
      command: findPrometheusBinary(),
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${options.dataDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=100y',
      ],
      logFile: path.join(options.workDir, 'prometheus.log'),
    });
    try {
      await waitForHttpOk(`${url}/-/ready`, { timeoutMs: options.timeoutMs, child });
      return { url, stop: () => child.stop() };
    } catch (err) {
      lastError = err;
      await child.stop();
    }
  }
  throw lastError instanceof Error ? lastError : new Error('prometheus failed to start');
}
