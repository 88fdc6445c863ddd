// The stack and the process helpers; Chromium (`@sextant/testkit/browser`, `/screenshots`) and the
// OpenID provider (`@sextant/testkit/oidc`) are separate so that importing the stack does not load
// playwright-core or oidc-provider.
export {
  PortBusyError,
  REPO_ROOT,
  SERVER_BUNDLE,
  WEB_DIST,
  kubeconfigCaCert,
  meshSimAuthArgs,
  startMeshSim,
  startServer,
  startStack,
  type MeshSimAuthOptions,
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
export {
  applyBookinfoRbac,
  BOOKINFO_EDITORS,
  BOOKINFO_NAMESPACE,
  BOOKINFO_VIEWERS,
  bookinfoRbacManifest,
  bookinfoRbacObjects,
  staticTokenOf,
  tokenAuthFileCsv,
  type BookinfoRbacOptions,
} from './bookinfoRbac.ts';
export { TEST_USERS, type OidcTestUser } from './testUsers.ts';
export { postgresBinDir, startPostgres, type RunningPostgres } from './postgres.ts';
