/**
 * Reading a `SelfSubjectRulesReview`: the rules Kubernetes RBAC grants a user in one namespace,
 * matched the way kube-apiserver's RBAC authorizer matches a PolicyRule against a request
 * (`k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac`, `RuleAllows`). Pure, so the web app's
 * read-only editors and the server's namespace filter are judged by one function.
 */

/** `status.resourceRules[]` of a SelfSubjectRulesReview (a PolicyRule without nonResourceURLs). */
export interface ResourceRule {
  verbs: readonly string[];
  apiGroups?: readonly string[] | undefined;
  resources?: readonly string[] | undefined;
  resourceNames?: readonly string[] | undefined;
}

/** A resource request as an authorizer sees it; absent parts are '' as in Kubernetes. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
}

/** A review's rules; `incomplete` when an authorizer (a webhook) cannot list what it allows. */
export interface RulesReview {
  rules: readonly ResourceRule[];
  incomplete: boolean;
}

const ALL = '*';

function verbMatches(rule: ResourceRule, verb: string): boolean {
  return rule.verbs.includes(ALL) || rule.verbs.includes(verb);
}

function groupMatches(rule: ResourceRule, group: string): boolean {
  const groups = rule.apiGroups ?? [];
  return groups.includes(ALL) || groups.includes(group);
}

/** `pods`, `pods/log`, `*` and `*\/log` forms, as RBAC's ResourceMatches. */
function resourceMatches(rule: ResourceRule, resource: string, subresource: string): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combined) return true;
    if (subresource !== '' && r === `*/${subresource}`) return true;
  }
  return false;
}

function nameMatches(rule: ResourceRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function ruleAllows(rule: ResourceRule, attributes: ResourceAttributes): boolean {
  return (
    verbMatches(rule, attributes.verb) &&
    groupMatches(rule, attributes.group) &&
    resourceMatches(rule, attributes.resource, attributes.subresource ?? '') &&
    nameMatches(rule, attributes.name ?? '')
  );
}

/** RBAC only adds permissions: any one rule that allows the request allows it. */
export function rulesAllow(rules: readonly ResourceRule[], attributes: ResourceAttributes): boolean {
  return rules.some((rule) => ruleAllows(rule, attributes));
}
