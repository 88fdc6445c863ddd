#!/usr/bin/env -S npx tsx
import { readFile } from 'node:fs/promises';
import type { AuthOptions } from './auth/authenticate.ts';
import { parseTokenFile } from './auth/tokenFile.ts';
import { parseCliArgs, USAGE, type CliOptions } from './cliArgs.ts';
import { startMeshSim } from './sim.ts';

async function authOptions(cli: CliOptions['auth']): Promise<AuthOptions | undefined> {
  if (!cli) return undefined;
  const { tokenAuthFile, ...rest } = cli;
  if (tokenAuthFile === undefined) return rest;
  try {
    return { ...rest, tokens: parseTokenFile(await readFile(tokenAuthFile, 'utf8')) };
  } catch (error) {
    throw new Error(`--token-auth-file: ${tokenAuthFile}: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`mesh-sim: ${(error as Error).message}`);
    process.exit(2);
  }
  let auth: AuthOptions | undefined;
  try {
    auth = await authOptions(options.auth);
  } catch (error) {
    console.error(`mesh-sim: ${(error as Error).message}`);
    process.exit(2);
  }
  const sim = await startMeshSim({
    ...(auth ? { auth } : {}),
    scenario: options.scenario,
    host: options.host,
    ...(options.advertiseHost ? { advertiseHost: options.advertiseHost } : {}),
    kubePort: options.kubePort,
    metricsPort: options.metricsPort,
    kubeconfigOut: options.kubeconfigOut,
    seed: options.seed,
    watchHistory: options.watchHistory,
    tickMs: options.tickMs,
    generated: { namespaces: options.namespaces, services: options.services },
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(
    `mesh-sim ready ${JSON.stringify({
      kubeApi: sim.kubeApi,
      metrics: sim.metrics,
      kubeconfig: sim.kubeconfig ?? null,
      ...(sim.adminToken ? { adminToken: sim.adminToken } : {}),
    })}`,
  );
}

main().catch((error: unknown) => {
  console.error(`mesh-sim: ${(error as Error).message}`);
  process.exit(1);
});
