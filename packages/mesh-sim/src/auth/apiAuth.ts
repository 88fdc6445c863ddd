import { randomBytes } from 'node:crypto';
import type { ObjectStore } from '../store/store.ts';
import { createAuthenticator, type AuthOptions } from './authenticate.ts';
import { bootstrapPolicy } from './bootstrapPolicy.ts';
import {
  authorize,
  bindingOf,
  rulesFor,
  rulesOf,
  type Decision,
  type RbacPolicy,
  type RulesStatus,
} from './rbac.ts';
import type { RequestAttributes } from './requestAttributes.ts';
import { ADMIN_USER, type UserInfo } from './user.ts';
import { seed } from '../scenarios/seed.ts';

/** Authentication and authorization of the simulated API server. */
export interface ApiAuth {
  /** False: every request runs as `mesh-sim-admin` and is allowed (mesh-sim's default). */
  readonly enabled: boolean;
  /** Throws a 401 Status when the credentials are missing or refused. */
  authenticate(authorization: string | undefined): Promise<UserInfo>;
  authorize(user: UserInfo, attributes: RequestAttributes): Decision;
  rulesFor(user: UserInfo, namespace: string): RulesStatus;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** RBAC over the store's live objects, so a changed binding applies to the next request. */
export function storePolicy(store: ObjectStore): RbacPolicy {
  return {
    clusterRoleBindings: () =>
      store.list({ group: RBAC_GROUP, resource: 'clusterrolebindings' }).map(bindingOf),
    roleBindings: (namespace) =>
      store.list({ group: RBAC_GROUP, resource: 'rolebindings' }, namespace).map(bindingOf),
    rules: (kind, namespace, name) =>
      kind === 'ClusterRole'
        ? rulesOf(store.get({ group: RBAC_GROUP, resource: 'clusterroles' }, undefined, name))
        : rulesOf(store.get({ group: RBAC_GROUP, resource: 'roles' }, namespace, name)),
  };
}

export const generateAdminToken = (): string => randomBytes(24).toString('base64url');

/**
 * Authentication on: creates the missing default roles and bindings in the store, as
 * kube-apiserver does at start, and checks every request. Off (`options` undefined): allows all.
 */
export function createApiAuth(store: ObjectStore, options: AuthOptions | undefined): ApiAuth {
  if (!options)
    return {
      enabled: false,
      authenticate: () => Promise.resolve(ADMIN_USER),
      authorize: () => ({ allowed: true, reason: '' }),
      rulesFor: (user, namespace) => rulesFor(storePolicy(store), user, namespace),
    };
  const missing = bootstrapPolicy().filter(
    (o) =>
      !store.get(
        { group: RBAC_GROUP, resource: o.kind === 'ClusterRole' ? 'clusterroles' : 'clusterrolebindings' },
        undefined,
        o.metadata.name,
      ),
  );
  seed(store, missing);
  const policy = storePolicy(store);
  return {
    enabled: true,
    authenticate: createAuthenticator({ ...options, adminToken: options.adminToken ?? generateAdminToken() }),
    authorize: (user, attributes) => authorize(policy, user, attributes),
    rulesFor: (user, namespace) => rulesFor(policy, user, namespace),
  };
}
