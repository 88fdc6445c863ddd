import { grOf, RESOURCE_TYPES } from '../kubeapi/resources.ts';
import type { ObjectStore } from '../store/store.ts';
import type { StoreEvent } from '../store/types.ts';
import { NameSuffixes, reconcileDeployment } from './deployments.ts';
import { reconcileEndpoints } from './endpoints.ts';

export interface Controllers {
  /** Runs all pending reconciliation now (used after seeding a scenario, and by tests). */
  settle(): void;
  stop(): void;
}

/** Every namespaced kind the API serves: what deleting a namespace or an owner removes. */
const NAMESPACED_TYPES = RESOURCE_TYPES.filter((r) => r.namespaced).map(grOf);

/**
 * The control loops a cluster runs, reacting to store events after the write that caused them
 * (never inside it): deployments -> pods, services + pods -> endpoints, garbage collection by
 * owner reference, and namespace deletion removing everything in the namespace.
 */
export function startControllers(
  store: ObjectStore,
  options: { seed: string; now: () => Date },
): Controllers {
  const deployments = new Set<string>();
  const endpointNamespaces = new Set<string>();
  const deletedOwners = new Set<string>();
  const deletedNamespaces = new Set<string>();
  const deletedServices = new Set<string>();
  const names = new NameSuffixes(options.seed);
  let ipCounter = 0;
  let scheduled = false;
  let stopped = false;

  const settle = (): void => {
    scheduled = false;
    for (let round = 0; round < 10 && !stopped; round++) {
      if (
        deployments.size +
          endpointNamespaces.size +
          deletedOwners.size +
          deletedNamespaces.size +
          deletedServices.size ===
        0
      )
        return;
      for (const ns of [...deletedNamespaces]) {
        deletedNamespaces.delete(ns);
        for (const gr of NAMESPACED_TYPES)
          for (const o of store.list(gr, ns)) store.delete(gr, ns, o.metadata.name);
      }
      for (const uid of [...deletedOwners]) {
        deletedOwners.delete(uid);
        for (const gr of NAMESPACED_TYPES)
          for (const o of store.list(gr))
            if (o.metadata.ownerReferences?.some((r) => r.uid === uid))
              store.delete(gr, o.metadata.namespace, o.metadata.name);
      }
      for (const key of [...deletedServices]) {
        deletedServices.delete(key);
        const [ns, name] = key.split('/') as [string, string];
        if (store.get({ group: '', resource: 'endpoints' }, ns, name))
          store.delete({ group: '', resource: 'endpoints' }, ns, name);
      }
      for (const key of [...deployments]) {
        deployments.delete(key);
        const [ns, name] = key.split('/') as [string, string];
        const deployment = store.get({ group: 'apps', resource: 'deployments' }, ns, name);
        if (deployment) reconcileDeployment(store, deployment, names, () => ipCounter++, options.now);
      }
      for (const ns of [...endpointNamespaces]) {
        endpointNamespaces.delete(ns);
        reconcileEndpoints(store, ns);
      }
    }
  };

  const schedule = (): void => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(settle);
  };

  const onEvent = (event: StoreEvent): void => {
    const { gr, object, type } = event;
    const ns = object.metadata.namespace ?? '';
    if (type === 'DELETED' && object.metadata.uid) deletedOwners.add(object.metadata.uid);
    if (gr.group === '' && gr.resource === 'namespaces' && type === 'DELETED')
      deletedNamespaces.add(object.metadata.name);
    if (gr.group === 'apps' && gr.resource === 'deployments' && type !== 'DELETED')
      deployments.add(`${ns}/${object.metadata.name}`);
    if (gr.group === '' && (gr.resource === 'pods' || gr.resource === 'services')) endpointNamespaces.add(ns);
    if (gr.group === '' && gr.resource === 'pods') {
      // A pod deleted by hand is replaced, as its ReplicaSet would.
      const owner = object.metadata.ownerReferences?.find((r) => r.kind === 'Deployment');
      if (owner && type === 'DELETED') deployments.add(`${ns}/${owner.name}`);
    }
    if (type === 'DELETED' && gr.resource === 'services' && gr.group === '')
      deletedServices.add(`${ns}/${object.metadata.name}`);
    schedule();
  };
  const unsubscribe = store.subscribe(onEvent);
  // Objects that were already stored when the controllers started.
  for (const d of store.list({ group: 'apps', resource: 'deployments' }))
    deployments.add(`${d.metadata.namespace}/${d.metadata.name}`);
  for (const ns of store.list({ group: '', resource: 'namespaces' }))
    endpointNamespaces.add(ns.metadata.name);
  schedule();

  return {
    settle,
    stop: () => {
      stopped = true;
      unsubscribe();
    },
  };
}
