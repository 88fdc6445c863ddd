import { describe, expect, it } from 'vitest';
import { rulesAllow, type ResourceAttributes, type ResourceRule } from './rbacRules.ts';

const view: ResourceRule = {
  verbs: ['get', 'list', 'watch'],
  apiGroups: [''],
  resources: ['pods', 'services', 'namespaces'],
};
const istioEdit: ResourceRule = {
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  apiGroups: ['networking.istio.io', 'security.istio.io'],
  resources: ['*'],
};
const logs: ResourceRule = { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] };
const anySub: ResourceRule = { verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] };
const named: ResourceRule = {
  verbs: ['update'],
  apiGroups: ['networking.istio.io'],
  resources: ['virtualservices'],
  resourceNames: ['reviews'],
};
const admin: ResourceRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
const noGroups: ResourceRule = { verbs: ['get'], resources: ['pods'] };

const vs = (verb: string, name?: string): ResourceAttributes => ({
  verb,
  group: 'networking.istio.io',
  resource: 'virtualservices',
  ...(name === undefined ? {} : { name }),
});

describe('rulesAllow (RBAC PolicyRule matching)', () => {
  it.each<[string, ResourceRule[], ResourceAttributes, boolean]>([
    ['a listed verb, group and resource', [view], { verb: 'list', group: '', resource: 'pods' }, true],
    ['a verb the rule does not list', [view], { verb: 'delete', group: '', resource: 'pods' }, false],
    [
      'the same resource name in another group',
      [view],
      { verb: 'get', group: 'apps', resource: 'pods' },
      false,
    ],
    ['a wildcard resource in the named groups', [istioEdit], vs('create'), true],
    [
      'a wildcard resource outside the named groups',
      [istioEdit],
      { verb: 'create', group: 'apps', resource: 'deployments' },
      false,
    ],
    ['no rules at all', [], vs('get'), false],
    ['one of several rules allows', [view, istioEdit], vs('delete'), true],
    [
      'a subresource needs its own rule',
      [view],
      { verb: 'get', group: '', resource: 'pods', subresource: 'log' },
      false,
    ],
    ['resource/subresource', [logs], { verb: 'get', group: '', resource: 'pods', subresource: 'log' }, true],
    [
      'resource/subresource does not grant the resource',
      [logs],
      { verb: 'get', group: '', resource: 'pods' },
      false,
    ],
    [
      '*/subresource',
      [anySub],
      { verb: 'get', group: 'apps', resource: 'deployments', subresource: 'scale' },
      true,
    ],
    ['resourceNames: the named object', [named], vs('update', 'reviews'), true],
    ['resourceNames: another object', [named], vs('update', 'ratings'), false],
    ['resourceNames: a request without a name (create, list)', [named], vs('update'), false],
    [
      'everything',
      [admin],
      { verb: 'deletecollection', group: 'x.io', resource: 'things', subresource: 'status' },
      true,
    ],
    [
      'a rule without apiGroups matches no group',
      [noGroups],
      { verb: 'get', group: '', resource: 'pods' },
      false,
    ],
  ])('%s', (_name, rules, attributes, expected) => {
    expect(rulesAllow(rules, attributes)).toBe(expected);
  });
});
