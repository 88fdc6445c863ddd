// The stack and the process helpers; Chromium (`@sextant/testkit/browser`, `/screenshots`) is
// separate so that importing the stack does not load playwright-core.
export {
  PortBusyError,
  REPO_ROOT,
  WEB_DIST,
  startMeshSim,
  startServer,
  startStack,
  type RunningMeshSim,
  type RunningServer,
  type Stack,
  type StackOptions,
  type StackUrls,
} from './stack.ts';
export { registerCleanup, registerProcessGroup, signalGroup } from './cleanup.ts';
export { spawnManaged, type ExitInfo, type ManagedChild, type ManagedChildOptions } from './managedChild.ts';
export { isPortFree } from './ports.ts';
export { startRestartablePrometheus, type RestartablePrometheus } from './restartablePrometheus.ts';
export { waitForHttpOk, type WaitForHttpOptions } from './waitForHttp.ts';
export { ensureWebBuilt, webBuildIsStale } from './webBuild.ts';
export { getObject, kubectl } from './kubectl.ts';
export {
  decideRestart,
  DEFAULT_RESTART_POLICY,
  type RestartDecision,
  type RestartPolicy,
} from './restartPolicy.ts';
export { superviseChildren, type SupervisedChild, type Supervisor } from './supervisor.ts';
