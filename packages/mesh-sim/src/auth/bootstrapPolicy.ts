import type { KubeObject } from '../store/types.ts';
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, SYSTEM_MASTERS } from './user.ts';
import type { PolicyRule } from './rbac.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

const bootstrapLabels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { ...bootstrapLabels, ...labels },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    rules,
  };
}

function groupBinding(name: string, groups: string[]): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: bootstrapLabels,
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: groups.map((group) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group })),
  };
}

const HEALTH_URLS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];

// The kinds mesh-sim serves, as Kubernetes' user-facing roles grant them.
const VIEW_CORE = [
  'configmaps',
  'endpoints',
  'pods',
  'pods/log',
  'pods/status',
  'serviceaccounts',
  'services',
  'services/status',
];
const VIEW_APPS = ['deployments', 'deployments/scale', 'deployments/status'];
const EDIT_CORE = ['configmaps', 'endpoints', 'pods', 'serviceaccounts', 'services'];
const EDIT_APPS = ['deployments', 'deployments/scale'];

/**
 * The default roles and bindings kube-apiserver creates at start (its bootstrap policy), for the
 * kinds mesh-sim serves: `cluster-admin` for `system:masters`, discovery and self-reviews for every
 * authenticated user, health and version for everyone, and the user-facing `admin`, `edit`, `view`
 * to bind in a namespace. Istio's kinds are not in `view`/`edit`/`admin`, as Istio's charts do not
 * aggregate them there.
 */
export function bootstrapPolicy(): KubeObject[] {
  return [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    groupBinding('cluster-admin', [SYSTEM_MASTERS]),
    clusterRole('system:discovery', [
      {
        nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*', ...HEALTH_URLS],
        verbs: ['get'],
      },
    ]),
    groupBinding('system:discovery', [ALL_AUTHENTICATED]),
    clusterRole('system:basic-user', [
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
    ]),
    groupBinding('system:basic-user', [ALL_AUTHENTICATED]),
    clusterRole('system:public-info-viewer', [{ nonResourceURLs: HEALTH_URLS, verbs: ['get'] }]),
    groupBinding('system:public-info-viewer', [ALL_AUTHENTICATED, ALL_UNAUTHENTICATED]),
    clusterRole('view', [
      { apiGroups: [''], resources: [...VIEW_CORE, 'namespaces', 'namespaces/status'], verbs: READ },
      { apiGroups: ['apps'], resources: VIEW_APPS, verbs: READ },
    ]),
    clusterRole('edit', [
      { apiGroups: [''], resources: [...VIEW_CORE, 'namespaces', 'namespaces/status'], verbs: READ },
      { apiGroups: ['apps'], resources: VIEW_APPS, verbs: READ },
      { apiGroups: [''], resources: EDIT_CORE, verbs: WRITE },
      { apiGroups: ['apps'], resources: EDIT_APPS, verbs: WRITE },
    ]),
    clusterRole('admin', [
      { apiGroups: [''], resources: [...VIEW_CORE, 'namespaces', 'namespaces/status'], verbs: READ },
      { apiGroups: ['apps'], resources: VIEW_APPS, verbs: READ },
      { apiGroups: [''], resources: EDIT_CORE, verbs: WRITE },
      { apiGroups: ['apps'], resources: EDIT_APPS, verbs: WRITE },
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['roles', 'rolebindings'],
        verbs: [...READ, ...WRITE],
      },
      { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
    ]),
  ];
}
