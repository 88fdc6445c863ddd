/**
 * Kubernetes RBAC for the sign-in scenario, bound to the test users' groups (TEST_USERS):
 * `bookinfo-editors` (alice) may edit in `bookinfo`, Istio config included; `bookinfo-viewers`
 * (bob) may only read there; carol's (no group) is bound to nothing. The same users as static
 * tokens (kube-apiserver's `--token-auth-file`) for the `token` sign-in.
 */
import type { KubeObject } from '@sextant/mesh-sim';
import { stringify } from 'yaml';
import { kubectl } from './kubectl.ts';
import { TEST_USERS, type OidcTestUser } from './testUsers.ts';

export const BOOKINFO_NAMESPACE = 'bookinfo';
export const BOOKINFO_EDITORS = 'bookinfo-editors';
export const BOOKINFO_VIEWERS = 'bookinfo-viewers';

const RBAC_API = 'rbac.authorization.k8s.io';
const ISTIO_GROUPS = ['networking.istio.io', 'security.istio.io'];
const READ = ['get', 'list', 'watch'];

export interface BookinfoRbacOptions {
  /** Default `bookinfo`. */
  namespace?: string;
  /** mesh-sim's `--oidc-groups-prefix`, when the tokens' groups get one (e.g. `oidc:`). */
  groupsPrefix?: string;
}

const role = (name: string, namespace: string, verbs: string[]): KubeObject => ({
  apiVersion: `${RBAC_API}/v1`,
  kind: 'Role',
  metadata: { name, namespace },
  rules: [{ apiGroups: ISTIO_GROUPS, resources: ['*'], verbs }],
});

const groupBinding = (
  name: string,
  namespace: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  group: string,
): KubeObject => ({
  apiVersion: `${RBAC_API}/v1`,
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: RBAC_API, ...roleRef },
  subjects: [{ apiGroup: RBAC_API, kind: 'Group', name: group }],
});

/**
 * Roles and RoleBindings, all in the namespace: the built-in `edit` (`view`) ClusterRole, which
 * also lets the user GET the Namespace itself, plus a Role over the Istio API groups, which
 * `edit`/`view` do not cover (Istio's charts do not aggregate them there).
 */
export function bookinfoRbacObjects(options: BookinfoRbacOptions = {}): KubeObject[] {
  const namespace = options.namespace ?? BOOKINFO_NAMESPACE;
  const editors = `${options.groupsPrefix ?? ''}${BOOKINFO_EDITORS}`;
  const viewers = `${options.groupsPrefix ?? ''}${BOOKINFO_VIEWERS}`;
  return [
    role('istio-config-editor', namespace, [...READ, 'create', 'update', 'patch', 'delete']),
    role('istio-config-reader', namespace, READ),
    groupBinding('bookinfo-editors-edit', namespace, { kind: 'ClusterRole', name: 'edit' }, editors),
    groupBinding(
      'bookinfo-editors-istio-config',
      namespace,
      { kind: 'Role', name: 'istio-config-editor' },
      editors,
    ),
    groupBinding('bookinfo-viewers-view', namespace, { kind: 'ClusterRole', name: 'view' }, viewers),
    groupBinding(
      'bookinfo-viewers-istio-config',
      namespace,
      { kind: 'Role', name: 'istio-config-reader' },
      viewers,
    ),
  ];
}

/**
 * The objects as multi-document YAML, for `kubectl apply -f -` (not one `kind: List`: kubectl
 * validates a List against `/openapi/v2`, which mesh-sim does not serve).
 */
export function bookinfoRbacManifest(options: BookinfoRbacOptions = {}): string {
  return bookinfoRbacObjects(options)
    .map((o) => stringify(o))
    .join('---\n');
}

/** `kubectl apply`s the fixtures with the given kubeconfig (the stack's: the admin token). */
export async function applyBookinfoRbac(
  kubeconfig: string,
  options: BookinfoRbacOptions = {},
): Promise<void> {
  await kubectl(kubeconfig, ['apply', '-f', '-'], bookinfoRbacManifest(options));
}

/** Each test user's static bearer token for `--token-auth-file`: `<id>-static-token`. */
export function staticTokenOf(user: Pick<OidcTestUser, 'id'>): string {
  return `${user.id}-static-token`;
}

/**
 * kube-apiserver's `--token-auth-file` CSV (`token,user,uid,"group1,group2"`) for the users. The
 * user name is the email, as mesh-sim names an OIDC user with `--oidc-username-claim email`, so
 * both sign-ins show the same names and groups.
 */
export function tokenAuthFileCsv(users: readonly OidcTestUser[] = TEST_USERS): string {
  const quote = (field: string) => `"${field.replace(/"/g, '""')}"`;
  return users
    .map((u) => [staticTokenOf(u), u.email, u.id, u.groups.join(',')].map(quote).join(','))
    .join('\n')
    .concat('\n');
}
