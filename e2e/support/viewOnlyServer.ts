import { freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import { startServer, WEB_DIST, type RunningServer, type Stack } from '@sextant/testkit';

/** A second Sextant server on `stack`'s cluster and Prometheus, started with SEXTANT_VIEW_ONLY. */
export async function startViewOnlyServer(stack: Stack): Promise<RunningServer> {
  return startServer({
    port: await freeLoopbackPort(),
    prometheusUrl: stack.urls.prometheus,
    kubeconfig: stack.kubeconfig,
    staticDir: WEB_DIST,
    env: { SEXTANT_VIEW_ONLY: 'true' },
    timeoutMs: 60_000,
  });
}
