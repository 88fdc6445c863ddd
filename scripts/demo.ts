/**
 * `npm run demo`: the simulated Bookinfo and shop meshes (HTTP, gRPC and TCP), a real Prometheus
 * and Sextant, on this machine.
 * A child that dies by itself is reported and restarted on its port; one that keeps dying (5 times
 * within a minute) stops the demo. Ctrl-C (or SIGTERM) stops every child; the stack's cleanup
 * registry does the stopping.
 */
import path from 'node:path';
import { findPrometheusBinary } from '@sextant/mesh-sim/prometheus';
import { PortBusyError, REPO_ROOT, startStack, isPortFree, ensureWebBuilt } from '@sextant/testkit';

const DEFAULT_PORT = 20001;
// Bookinfo shows HTTP; the shop adds gRPC services, TCP stores and a database outside the mesh.
const DEMO_SCENARIO = 'bookinfo,shop';
// Logs and the kubeconfig; SEXTANT_DEMO_DIR moves them (tests run a demo beside a developer's).
const WORK_DIR = path.resolve(process.env.SEXTANT_DEMO_DIR || path.join(REPO_ROOT, '.sextant-demo'));

function fail(message: string): never {
  console.error(`\ndemo: ${message}`);
  process.exit(1);
}

function demoPort(): number {
  const raw = process.env.SEXTANT_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`SEXTANT_PORT must be a port number 1-65535, got "${raw}"`);
  return port;
}

function busyMessage(port: number): string {
  return (
    `port ${port} on 127.0.0.1 is already in use: a Sextant demo seems to be running already.\n` +
    `      Stop it (Ctrl-C in its terminal), or start another one on a different port: SEXTANT_PORT=20002 npm run demo`
  );
}

async function main(): Promise<void> {
  const port = demoPort();
  // Checked before building or starting anything, so a second demo fails at once.
  if (!(await isPortFree(port))) fail(busyMessage(port));
  try {
    findPrometheusBinary();
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }

  const progress = (message: string) => console.log(`  ${message}`);
  console.log('Starting the Sextant demo');
  await ensureWebBuilt(progress);
  const stack = await startStack({
    scenario: DEMO_SCENARIO,
    serverPort: port,
    workDir: WORK_DIR,
    onProgress: progress,
    restart: { onEvent: (message) => console.error(`\ndemo: ${message}`) },
  }).catch((err: unknown) => {
    if (err instanceof PortBusyError) fail(busyMessage(err.port));
    throw err;
  });

  console.log(`
Sextant: ${stack.urls.sextant}

  Prometheus   ${stack.urls.prometheus}
  Kubernetes   ${stack.urls.kubeApi}  (simulated: Bookinfo, and a gRPC/TCP shop in shop-edge, shop-core, shop-data)
  kubectl      kubectl --kubeconfig ${path.resolve(stack.kubeconfig)} get pods -A
  Logs         ${path.join(stack.workDir, '*.log')}  (pids in *.pid)

Press Ctrl-C to stop.`);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => console.log('\nStopping the Sextant demo…'));
  }
  const crash = await stack.crashed;
  console.error(`\ndemo: ${crash}\ndemo: stopping everything.`);
  await stack.stop();
  process.exit(1);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
