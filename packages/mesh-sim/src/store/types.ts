/** A Kubernetes object as stored by the simulated cluster (JSON, any kind). */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
  }>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** Identifies a resource type independent of version: `{group: '', resource: 'pods'}`, `{group: 'networking.istio.io', resource: 'virtualservices'}`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  gr: GroupResource;
  object: KubeObject;
  /** MODIFIED: the object before the change (a filtered watch needs it to see an object leave). */
  previous?: KubeObject;
}

/** Read side of the simulated cluster, as the traffic engine and the controllers see it (in-process, no HTTP). */
export interface ObjectReader {
  /** Objects of one resource type, in one namespace or all; returned objects must not be mutated. */
  list(gr: GroupResource, namespace?: string): readonly KubeObject[];
  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Called synchronously after every committed write; returns an unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
}
