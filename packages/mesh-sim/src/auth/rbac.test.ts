import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.ts';
import { bootstrapPolicy } from './bootstrapPolicy.ts';
import { authorize, policyOf, rulesFor, serviceAccountUser, type PolicyRule } from './rbac.ts';
import type { RequestAttributes } from './requestAttributes.ts';
import { withAuthenticatedGroup, type UserInfo } from './user.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (namespace: string, name: string, rules: PolicyRule[]): KubeObject => ({
  apiVersion: RBAC,
  kind: namespace ? 'Role' : 'ClusterRole',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  rules,
});
const binding = (
  namespace: string,
  name: string,
  roleRef: [string, string],
  subjects: Array<{ kind: string; name: string; namespace?: string }>,
): KubeObject => ({
  apiVersion: RBAC,
  kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleRef[0], name: roleRef[1] },
  subjects,
});
const READ = ['get', 'list', 'watch'];

const policy = policyOf([
  ...bootstrapPolicy(),
  role('', 'pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: READ }]),
  role('', 'star', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
  role('', 'scale-anything', [{ apiGroups: ['*'], resources: ['*/scale'], verbs: ['patch'] }]),
  role('', 'metrics', [{ nonResourceURLs: ['/metrics', '/logs/*'], verbs: ['get'] }]),
  role('bookinfo', 'istio-editor', [
    { apiGroups: ['', 'apps'], resources: ['pods', 'services', 'deployments'], verbs: READ },
    { apiGroups: ['networking.istio.io', 'security.istio.io'], resources: ['*'], verbs: ['*'] },
  ]),
  role('bookinfo', 'scaler', [
    { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['update', 'patch'] },
  ]),
  role('bookinfo', 'one-vs', [
    {
      apiGroups: ['networking.istio.io'],
      resources: ['virtualservices'],
      resourceNames: ['reviews'],
      verbs: ['get', 'list', 'watch', 'update'],
    },
  ]),
  binding('bookinfo', 'alice-edit', ['Role', 'istio-editor'], [{ kind: 'User', name: 'alice' }]),
  binding('bookinfo', 'readers', ['ClusterRole', 'pod-reader'], [{ kind: 'Group', name: 'readers' }]),
  binding('bookinfo', 'deployer', ['Role', 'scaler'], [{ kind: 'ServiceAccount', name: 'deployer' }]),
  binding(
    'shop',
    'cross',
    ['ClusterRole', 'pod-reader'],
    [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'bookinfo' }],
  ),
  binding('bookinfo', 'dave-vs', ['Role', 'one-vs'], [{ kind: 'User', name: 'dave' }]),
  binding('', 'ops', ['ClusterRole', 'star'], [{ kind: 'Group', name: 'ops' }]),
  binding('', 'mon', ['ClusterRole', 'metrics'], [{ kind: 'User', name: 'mon' }]),
  binding('', 'mon-scale', ['ClusterRole', 'scale-anything'], [{ kind: 'User', name: 'mon' }]),
  binding(
    '',
    'shop-sas',
    ['ClusterRole', 'pod-reader'],
    [{ kind: 'Group', name: 'system:serviceaccounts:shop' }],
  ),
  binding('bookinfo', 'vic-view', ['ClusterRole', 'view'], [{ kind: 'User', name: 'vic' }]),
  binding('bookinfo', 'erin-broken', ['Role', 'missing'], [{ kind: 'User', name: 'erin' }]),
  binding('shop', 'frank-wrong-ns', ['Role', 'istio-editor'], [{ kind: 'User', name: 'frank' }]),
  binding('', 'gina-role-in-crb', ['Role', 'istio-editor'], [{ kind: 'User', name: 'gina' }]),
]);

const user = (username: string, ...groups: string[]): UserInfo =>
  withAuthenticatedGroup({ username, groups });
const res = (
  verb: string,
  apiGroup: string,
  resource: string,
  namespace = '',
  name = '',
  subresource = '',
): RequestAttributes => ({
  resourceRequest: true,
  verb,
  apiGroup,
  apiVersion: 'v1',
  resource,
  subresource,
  namespace,
  name,
});
const path = (verb: string, p: string): RequestAttributes => ({ resourceRequest: false, verb, path: p });
const NET = 'networking.istio.io';

describe('RBAC authorize', () => {
  it.each<[string, UserInfo, RequestAttributes, boolean]>([
    // `view` grants pods/log (kubectl logs), as in Kubernetes' bootstrap policy; `pods` alone does not.
    ['vic (view) reads pod logs', user('vic'), res('get', '', 'pods', 'bookinfo', 'p', 'log'), true],
    ['vic (view) cannot read logs elsewhere', user('vic'), res('get', '', 'pods', 'shop', 'p', 'log'), false],
    [
      'a pod reader cannot read logs',
      user('system:serviceaccount:shop:x', 'system:serviceaccounts:shop'),
      res('get', '', 'pods', 'shop', 'p', 'log'),
      false,
    ],
    // Role in a namespace
    ['alice lists pods in bookinfo', user('alice'), res('list', '', 'pods', 'bookinfo'), true],
    [
      'alice gets a deployment in bookinfo',
      user('alice'),
      res('get', 'apps', 'deployments', 'bookinfo', 'x'),
      true,
    ],
    ['alice cannot delete a pod', user('alice'), res('delete', '', 'pods', 'bookinfo', 'p'), false],
    [
      'alice creates a VirtualService (group *)',
      user('alice'),
      res('create', NET, 'virtualservices', 'bookinfo'),
      true,
    ],
    [
      'alice deletecollection on a security kind',
      user('alice'),
      res('deletecollection', 'security.istio.io', 'peerauthentications', 'bookinfo'),
      true,
    ],
    ['alice: same in another namespace', user('alice'), res('create', NET, 'virtualservices', 'shop'), false],
    ['alice: cluster-wide list of VS', user('alice'), res('list', NET, 'virtualservices'), false],
    [
      'alice: wildcard resource covers subresources',
      user('alice'),
      res('update', NET, 'virtualservices', 'bookinfo', 'r', 'status'),
      true,
    ],
    [
      'alice: resources must name the subresource',
      user('alice'),
      res('get', 'apps', 'deployments', 'bookinfo', 'x', 'scale'),
      false,
    ],
    ['alice: the group must match', user('alice'), res('list', 'apps', 'virtualservices', 'bookinfo'), false],
    // RoleBinding to a ClusterRole, group subject
    ['readers list pods in bookinfo', user('bob', 'readers'), res('list', '', 'pods', 'bookinfo'), true],
    ['readers watch pods in bookinfo', user('bob', 'readers'), res('watch', '', 'pods', 'bookinfo'), true],
    [
      'readers: the RoleBinding is namespaced',
      user('bob', 'readers'),
      res('list', '', 'pods', 'shop'),
      false,
    ],
    ['readers: not cluster-wide', user('bob', 'readers'), res('list', '', 'pods'), false],
    ['readers cannot list services', user('bob', 'readers'), res('list', '', 'services', 'bookinfo'), false],
    // subresources
    [
      'SA deployer patches deployments/scale',
      serviceAccountUser('bookinfo', 'deployer'),
      res('patch', 'apps', 'deployments', 'bookinfo', 'reviews-v1', 'scale'),
      true,
    ],
    [
      'SA deployer cannot patch the deployment',
      serviceAccountUser('bookinfo', 'deployer'),
      res('patch', 'apps', 'deployments', 'bookinfo', 'reviews-v1'),
      false,
    ],
    [
      '*/scale matches any scale subresource',
      user('mon'),
      res('patch', 'apps', 'deployments', 'shop', 'web', 'scale'),
      true,
    ],
    [
      '*/scale does not match the resource',
      user('mon'),
      res('patch', 'apps', 'deployments', 'shop', 'web'),
      false,
    ],
    [
      '*/scale does not match status',
      user('mon'),
      res('patch', 'apps', 'deployments', 'shop', 'web', 'status'),
      false,
    ],
    // service accounts
    [
      'SA subject with an explicit namespace (RoleBinding in shop)',
      serviceAccountUser('bookinfo', 'deployer'),
      res('list', '', 'pods', 'shop'),
      true,
    ],
    [
      'an SA of the same name in another namespace',
      serviceAccountUser('shop', 'deployer'),
      res('patch', 'apps', 'deployments', 'bookinfo', 'x', 'scale'),
      false,
    ],
    [
      'group system:serviceaccounts:shop',
      serviceAccountUser('shop', 'any'),
      res('list', '', 'pods', 'default'),
      true,
    ],
    [
      'a user named like a SA group member is not one',
      user('system:serviceaccount:bookinfo:other'),
      res('list', '', 'pods', 'default'),
      false,
    ],
    // resourceNames
    ['dave gets the named VS', user('dave'), res('get', NET, 'virtualservices', 'bookinfo', 'reviews'), true],
    [
      'dave updates the named VS',
      user('dave'),
      res('update', NET, 'virtualservices', 'bookinfo', 'reviews'),
      true,
    ],
    ['dave gets another VS', user('dave'), res('get', NET, 'virtualservices', 'bookinfo', 'ratings'), false],
    ['dave lists all VS (no name)', user('dave'), res('list', NET, 'virtualservices', 'bookinfo'), false],
    [
      'dave lists with fieldSelector metadata.name=reviews',
      user('dave'),
      res('list', NET, 'virtualservices', 'bookinfo', 'reviews'),
      true,
    ],
    [
      'dave watches the named VS',
      user('dave'),
      res('watch', NET, 'virtualservices', 'bookinfo', 'reviews'),
      true,
    ],
    [
      'dave cannot create (no name on create)',
      user('dave'),
      res('create', NET, 'virtualservices', 'bookinfo'),
      false,
    ],
    // cluster scope and wildcards
    [
      'ops do anything anywhere',
      user('olga', 'ops'),
      res('delete', '', 'namespaces', 'bookinfo', 'bookinfo'),
      true,
    ],
    ['ops: wildcards do not cover non-resource URLs', user('olga', 'ops'), path('get', '/metrics'), false],
    ['system:masters is always allowed', user('root', 'system:masters'), path('delete', '/anything'), true],
    [
      'system:masters on resources',
      user('root', 'system:masters'),
      res('escalate', 'rbac.authorization.k8s.io', 'clusterroles'),
      true,
    ],
    // non-resource URLs
    ['mon gets /metrics', user('mon'), path('get', '/metrics'), true],
    ['mon gets /logs/x (prefix *)', user('mon'), path('get', '/logs/kube/x'), true],
    ['mon cannot post /metrics', user('mon'), path('post', '/metrics'), false],
    ['mon: /logs itself is not under /logs/*', user('mon'), path('get', '/logs'), false],
    // bootstrap policy
    ['any authenticated user: discovery', user('carol'), path('get', '/apis/apps/v1'), true],
    ['any authenticated user: openapi', user('carol'), path('get', '/openapi/v3/api/v1'), true],
    [
      'any authenticated user: SelfSubjectAccessReview',
      user('carol'),
      res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'),
      true,
    ],
    [
      'any authenticated user: SelfSubjectReview',
      user('carol'),
      res('create', 'authentication.k8s.io', 'selfsubjectreviews'),
      true,
    ],
    [
      'no SubjectAccessReview for a plain user',
      user('carol'),
      res('create', 'authorization.k8s.io', 'subjectaccessreviews'),
      false,
    ],
    ['carol cannot list pods', user('carol'), res('list', '', 'pods', 'bookinfo'), false],
    [
      'anonymous: health only',
      { username: 'system:anonymous', groups: ['system:unauthenticated'] },
      path('get', '/healthz'),
      true,
    ],
    [
      'anonymous: no discovery',
      { username: 'system:anonymous', groups: ['system:unauthenticated'] },
      path('get', '/api'),
      false,
    ],
    // broken references
    ['a binding to a missing Role grants nothing', user('erin'), res('list', '', 'pods', 'bookinfo'), false],
    [
      'a RoleBinding reaches Roles of its own namespace only',
      user('frank'),
      res('list', '', 'pods', 'shop'),
      false,
    ],
    ['a ClusterRoleBinding cannot bind a Role', user('gina'), res('list', '', 'pods', 'bookinfo'), false],
  ])('%s', (_, who, attributes, allowed) => {
    expect(authorize(policy, who, attributes).allowed).toBe(allowed);
  });

  it('says which binding allowed, as the SelfSubjectAccessReview reason', () => {
    expect(authorize(policy, user('alice'), res('get', '', 'pods', 'bookinfo', 'p')).reason).toBe(
      'RBAC: allowed by RoleBinding "alice-edit/bookinfo" of Role "istio-editor" to User "alice"',
    );
    expect(authorize(policy, user('olga', 'ops'), res('get', '', 'pods', 'x', 'p')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "ops" of ClusterRole "star" to Group "ops"',
    );
    expect(
      authorize(policy, serviceAccountUser('bookinfo', 'deployer'), res('list', '', 'pods', 'shop')).reason,
    ).toBe(
      'RBAC: allowed by RoleBinding "cross/shop" of ClusterRole "pod-reader" to ServiceAccount "bookinfo/deployer"',
    );
  });

  it('denies without a reason, unless a role was missing', () => {
    expect(authorize(policy, user('carol'), res('list', '', 'pods', 'bookinfo'))).toEqual({
      allowed: false,
      reason: '',
    });
    expect(authorize(policy, user('erin'), res('list', '', 'pods', 'bookinfo'))).toEqual({
      allowed: false,
      reason: 'RBAC: [role.rbac.authorization.k8s.io "missing" not found]',
    });
  });
});

describe('RBAC rulesFor (SelfSubjectRulesReview)', () => {
  it('lists the rules of a namespace: cluster-wide bindings, then RoleBindings', () => {
    const status = rulesFor(policy, user('dave'), 'bookinfo');
    expect(status.incomplete).toBe(false);
    expect(status.resourceRules).toEqual([
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      },
      {
        verbs: ['get', 'list', 'watch', 'update'],
        apiGroups: [NET],
        resources: ['virtualservices'],
        resourceNames: ['reviews'],
      },
    ]);
    expect(status.nonResourceRules.map((r) => r.nonResourceURLs)).toContainEqual(
      expect.arrayContaining(['/api', '/apis/*']),
    );
  });
  it('has no namespaced rules in another namespace', () => {
    expect(rulesFor(policy, user('dave'), 'shop').resourceRules).toHaveLength(2);
  });
  it('gives system:masters everything', () => {
    expect(rulesFor(policy, user('root', 'system:masters'), 'x')).toEqual({
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    });
  });
  it('is incomplete when a bound role is missing', () => {
    expect(rulesFor(policy, user('erin'), 'bookinfo')).toMatchObject({
      incomplete: true,
      evaluationError: 'role.rbac.authorization.k8s.io "missing" not found',
    });
  });
});
