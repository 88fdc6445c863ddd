import type { Validation } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/apiError.ts';
import { createBlockers, nameTaken, targetProblems } from './createModel.ts';

const target = { namespace: 'bookinfo', resource: 'peerauthentications' } as const;
const pa = (
  metadata: Record<string, unknown>,
  kind = 'PeerAuthentication',
  apiVersion = 'security.istio.io/v1',
) => ({
  apiVersion,
  kind,
  metadata: { name: 'default', ...metadata },
  spec: {},
});

describe('targetProblems', () => {
  it.each<[string, unknown, string[]]>([
    ['the namespace of the page', pa({ namespace: 'bookinfo' }), []],
    ['no namespace (the server fills it in)', pa({}), []],
    ['an empty namespace', pa({ namespace: '' }), []],
    ['another namespace', pa({ namespace: 'default' }), ['metadata.namespace']],
    ['another kind', pa({}, 'Sidecar', 'networking.istio.io/v1'), ['kind', 'apiVersion']],
    ['an older version', pa({}, 'PeerAuthentication', 'security.istio.io/v1beta1'), ['apiVersion']],
    ['a resourceVersion', pa({ resourceVersion: '12' }), ['metadata.resourceVersion']],
    ['not an object', 'text', []],
  ])('%s', (_, obj, paths) => expect(targetProblems(obj, target).map((p) => p.path)).toEqual(paths));

  it('names both namespaces', () =>
    expect(targetProblems(pa({ namespace: 'default' }), target)[0]!.message).toMatch(
      /must be bookinfo.*not default/,
    ));
});

describe('createBlockers', () => {
  const base = {
    viewOnlyReason: undefined,
    syntaxErrors: [],
    localProblems: [],
    reviewed: true,
    validations: [],
  };
  const error = { severity: 'error' } as Validation;
  it.each<[string, Partial<Parameters<typeof createBlockers>[0]>, string[]]>([
    ['reviewed and clean', {}, []],
    [
      'view-only, with the reason first and alone',
      { viewOnlyReason: 'read-only cluster', reviewed: false },
      ['read-only cluster'],
    ],
    ['not reviewed', { reviewed: false }, ['Review the new object (dry run) before creating it']],
    [
      'refused: the name is taken',
      { reviewed: false, refused: 'name' },
      ['The name is taken: choose another one, then review again'],
    ],
    [
      'refused for another reason',
      { reviewed: false, refused: 'other' },
      ['The dry run refused the object: fix what it names, then review again'],
    ],
    ['a local problem', { localProblems: [{ path: 'kind', message: 'kind must be X' }] }, ['kind must be X']],
    ['an error finding', { validations: [error] }, ['The dry run found 1 error']],
  ])('%s', (_, patch, want) => expect(createBlockers({ ...base, ...patch })).toEqual(want));
});

describe('nameTaken', () => {
  it.each<[number, boolean]>([
    [409, true],
    [422, false],
    [503, false],
  ])('%i -> %s', (status, want) =>
    expect(nameTaken(new ApiError({ status, code: 'X', message: 'm' }))).toBe(want),
  );
});
