import { admitPod } from '../controllers/injection.ts';
import { applyCreateDefaults } from '../kubeapi/defaults.ts';
import { grOf, resourceForKind } from '../kubeapi/resources.ts';
import type { ObjectStore } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';

/** Seeds objects the way `kubectl apply` followed by the controllers would, without going through HTTP. */
export function seed(store: ObjectStore, objects: readonly KubeObject[]): void {
  for (const input of objects) {
    const resource = resourceForKind(input.apiVersion, input.kind);
    if (!resource) throw new Error(`scenario object of unknown kind ${input.apiVersion}/${input.kind}`);
    const object = structuredClone(input);
    applyCreateDefaults(store, resource.kind, object);
    store.create(grOf(resource), resource.kind === 'Pod' ? admitPod(store, object) : object);
  }
}
