export { startMeshSim, type MeshSim, type MeshSimOptions } from './sim.ts';
export { FAULT_SWITCH_PATH } from './kubeapi/faultSwitch.ts';
export type { KubeApiMode } from './kubeapi/server.ts';
export { seed } from './scenarios/seed.ts';
export { ObjectStore } from './store/store.ts';
export type { KubeObject, ObjectReader, GroupResource, StoreEvent } from './store/types.ts';
export { bookinfoObjects } from './scenarios/bookinfo.ts';
export { kubeconfigYaml } from './kubeconfig.ts';
export { abortFault, versionSubsetsRule, weightedRoute, type RoutingObject } from './scenarios/routing.ts';
