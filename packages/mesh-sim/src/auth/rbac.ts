import type { KubeObject } from '../store/types.ts';
import type { RequestAttributes } from './requestAttributes.ts';
import {
  ALL_SERVICE_ACCOUNTS,
  parseServiceAccountUsername,
  SERVICE_ACCOUNT_PREFIX,
  SYSTEM_MASTERS,
  type UserInfo,
} from './user.ts';

/** The fields of rbac.authorization.k8s.io/v1 that authorization reads. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace: string;
  subjects: Subject[];
  roleRef: { kind: string; name: string };
}

/** Where RBAC finds roles and bindings; read on every request, so a change applies at once. */
export interface RbacPolicy {
  clusterRoleBindings(): readonly Binding[];
  roleBindings(namespace: string): readonly Binding[];
  /** The rules of a ClusterRole (namespace '') or Role; undefined when it does not exist. */
  rules(kind: 'Role' | 'ClusterRole', namespace: string, name: string): readonly PolicyRule[] | undefined;
}

export interface Decision {
  allowed: boolean;
  /** Why: `RBAC: allowed by RoleBinding "x/ns" of Role "y" to User "z"`, or a lookup error. */
  reason: string;
}

const ALL = '*';
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function rulesOf(object: KubeObject | undefined): PolicyRule[] | undefined {
  if (!object) return undefined;
  const rules = Array.isArray(object.rules) ? object.rules : [];
  return rules.map((r) => {
    const rule = asRecord(r);
    return {
      verbs: strings(rule.verbs),
      apiGroups: strings(rule.apiGroups),
      resources: strings(rule.resources),
      resourceNames: strings(rule.resourceNames),
      nonResourceURLs: strings(rule.nonResourceURLs),
    };
  });
}

export function bindingOf(object: KubeObject): Binding {
  const roleRef = asRecord(object.roleRef);
  return {
    kind: object.kind === 'ClusterRoleBinding' ? 'ClusterRoleBinding' : 'RoleBinding',
    name: object.metadata.name,
    namespace: object.metadata.namespace ?? '',
    subjects: (Array.isArray(object.subjects) ? object.subjects : []).map((s) => {
      const subject = asRecord(s);
      return {
        kind: String(subject.kind ?? ''),
        name: String(subject.name ?? ''),
        ...(typeof subject.namespace === 'string' ? { namespace: subject.namespace } : {}),
      };
    }),
    roleRef: { kind: String(roleRef.kind ?? ''), name: String(roleRef.name ?? '') },
  };
}

/** A policy over a fixed set of Role, ClusterRole, RoleBinding and ClusterRoleBinding objects. */
export function policyOf(objects: readonly KubeObject[]): RbacPolicy {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return {
    clusterRoleBindings: () => of('ClusterRoleBinding').map(bindingOf),
    roleBindings: (namespace) =>
      of('RoleBinding')
        .filter((o) => o.metadata.namespace === namespace)
        .map(bindingOf),
    rules: (kind, namespace, name) =>
      rulesOf(
        objects.find(
          (o) =>
            o.kind === kind &&
            o.metadata.name === name &&
            (kind === 'ClusterRole' || o.metadata.namespace === namespace),
        ),
      ),
  };
}

const has = (list: readonly string[] | undefined, value: string): boolean =>
  !!list && (list.includes(ALL) || list.includes(value));

// A rule names `resource/subresource` exactly, all resources with `*`, or one subresource of any resource with `*` + `/sub`.
function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some(
    (r) => r === ALL || r === combined || (subresource !== '' && r === `*/${subresource}`),
  );
}

/** `/apis/*` covers every path under `/apis/`; `*` alone covers everything. */
function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (url) => url === ALL || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))),
  );
}

export function ruleAllows(attributes: RequestAttributes, rule: PolicyRule): boolean {
  if (!has(rule.verbs, attributes.verb)) return false;
  if (!attributes.resourceRequest) return nonResourceURLMatches(rule, attributes.path);
  const names = rule.resourceNames ?? [];
  return (
    has(rule.apiGroups, attributes.apiGroup) &&
    resourceMatches(rule, attributes.resource, attributes.subresource) &&
    (names.length === 0 || names.includes(attributes.name))
  );
}

/** Whether a binding's subject is this user; ServiceAccount subjects default to the binding's namespace. */
export function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const account = parseServiceAccountUsername(user.username);
      const namespace = subject.namespace || bindingNamespace;
      return account !== undefined && account.namespace === namespace && account.name === subject.name;
    }
    default:
      return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount')
    return `${subject.kind} "${subject.namespace || bindingNamespace}/${subject.name}"`;
  return `${subject.kind} "${subject.name}"`;
}

function describeBinding(binding: Binding, subject: Subject): string {
  const name = binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  return `${binding.kind} "${name}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describeSubject(subject, binding.namespace)}`;
}

/**
 * Visits the rules that apply to `user` in `namespace` (cluster-wide bindings first, then the
 * namespace's RoleBindings), as Kubernetes' RBAC rule resolver does. `visit` returns false to stop.
 * A binding whose role does not exist adds an error instead of rules.
 */
function visitRules(
  policy: RbacPolicy,
  user: UserInfo,
  namespace: string,
  visit: (rule: PolicyRule, source: string) => boolean,
): string[] {
  const errors: string[] = [];
  const bindings = [
    ...policy.clusterRoleBindings(),
    ...(namespace !== '' ? policy.roleBindings(namespace) : []),
  ];
  for (const binding of bindings) {
    const subject = binding.subjects.find((s) => subjectMatches(s, user, binding.namespace));
    if (!subject) continue;
    const { kind, name } = binding.roleRef;
    const validKind =
      kind === 'ClusterRole' || (kind === 'Role' && binding.kind === 'RoleBinding') ? kind : undefined;
    const rules = validKind
      ? policy.rules(validKind, validKind === 'Role' ? binding.namespace : '', name)
      : undefined;
    if (!rules) {
      errors.push(
        validKind === 'Role'
          ? `role.rbac.authorization.k8s.io "${name}" not found`
          : `clusterrole.rbac.authorization.k8s.io "${name}" not found`,
      );
      continue;
    }
    for (const rule of rules) if (!visit(rule, describeBinding(binding, subject))) return errors;
  }
  return errors;
}

/** RBAC, behind the privileged-group authorizer that lets `system:masters` do anything. */
export function authorize(policy: RbacPolicy, user: UserInfo, attributes: RequestAttributes): Decision {
  if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: '' };
  const namespace = attributes.resourceRequest ? attributes.namespace : '';
  let reason = '';
  const errors = visitRules(policy, user, namespace, (rule, source) => {
    if (!ruleAllows(attributes, rule)) return true;
    reason = `RBAC: allowed by ${source}`;
    return false;
  });
  if (reason) return { allowed: true, reason };
  return { allowed: false, reason: errors.length > 0 ? `RBAC: [${errors.join(', ')}]` : '' };
}

export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs: string[];
}
/** The status of a SelfSubjectRulesReview. */
export interface RulesStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

/** Every rule that applies to `user` in `namespace`, as a SelfSubjectRulesReview reports them. */
export function rulesFor(policy: RbacPolicy, user: UserInfo, namespace: string): RulesStatus {
  if (user.groups.includes(SYSTEM_MASTERS))
    return {
      resourceRules: [{ verbs: [ALL], apiGroups: [ALL], resources: [ALL] }],
      nonResourceRules: [{ verbs: [ALL], nonResourceURLs: [ALL] }],
      incomplete: false,
    };
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  const errors = visitRules(policy, user, namespace, (rule) => {
    if ((rule.nonResourceURLs ?? []).length > 0)
      nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs! });
    else
      resourceRules.push({
        verbs: rule.verbs,
        apiGroups: rule.apiGroups ?? [],
        resources: rule.resources ?? [],
        ...((rule.resourceNames ?? []).length > 0 ? { resourceNames: rule.resourceNames! } : {}),
      });
    return true;
  });
  return {
    resourceRules,
    nonResourceRules,
    incomplete: errors.length > 0,
    ...(errors.length > 0 ? { evaluationError: errors.join(', ') } : {}),
  };
}

/** The groups a service account's token carries. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`,
    groups: [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${namespace}`],
  };
}
