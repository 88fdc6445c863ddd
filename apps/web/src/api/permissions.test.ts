import { ISTIO_RESOURCES, type IstioResource, type NamespacePermissions } from '@sextant/contracts';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.ts';
import { firstRefusal, namespacePermissionsQuery, writeAccess } from './permissions.ts';

const ALLOW = { allowed: true };
const RBAC = 'Kubernetes RBAC does not let bob update virtualservices in bookinfo';

function permissions(override: Partial<NamespacePermissions['istio']> = {}): NamespacePermissions {
  const istio = Object.fromEntries(
    (Object.keys(ISTIO_RESOURCES) as IstioResource[]).map((r) => [
      r,
      { create: ALLOW, update: ALLOW, delete: ALLOW },
    ]),
  ) as NamespacePermissions['istio'];
  return { namespace: 'bookinfo', istio: { ...istio, ...override } };
}

describe('permissions api', () => {
  it('asks for the permissions of an encoded namespace and validates them', async () => {
    const urls: string[] = [];
    const body = permissions();
    const client = createApiClient(async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify(body), { status: 200 });
    });
    await expect(
      new QueryClient().fetchQuery(namespacePermissionsQuery('book info', client)),
    ).resolves.toEqual(body);
    expect(urls).toEqual(['/api/namespaces/book%20info/permissions']);
  });

  const denied = permissions({
    virtualservices: { create: ALLOW, update: { allowed: false, reason: RBAC }, delete: { allowed: false } },
  });

  it.each([
    {
      name: 'view-only wins, and keeps drafting possible',
      viewOnly: 'Sextant runs view-only',
      perms: denied,
      verb: 'update' as const,
      expected: { allowed: false, reason: 'Sextant runs view-only', viewOnly: true },
    },
    {
      name: 'RBAC refusal with its reason',
      viewOnly: undefined,
      perms: denied,
      verb: 'update' as const,
      expected: { allowed: false, reason: RBAC, viewOnly: false },
    },
    {
      name: 'RBAC refusal without a reason gets one',
      viewOnly: undefined,
      perms: denied,
      verb: 'delete' as const,
      expected: { allowed: false, reason: 'You may not delete virtualservices in bookinfo', viewOnly: false },
    },
    { name: 'allowed verb', viewOnly: undefined, perms: denied, verb: 'create' as const, expected: ALLOW },
    {
      name: 'unknown permissions (loading, failed, older server) allow',
      viewOnly: undefined,
      perms: undefined,
      verb: 'update' as const,
      expected: ALLOW,
    },
  ])('$name', ({ viewOnly, perms, verb, expected }) =>
    expect(writeAccess(viewOnly, perms, 'virtualservices', verb)).toEqual(expected),
  );

  it('firstRefusal picks the first write refused', () => {
    const refused = { allowed: false as const, reason: 'no DR', viewOnly: false };
    expect(firstRefusal({ allowed: true }, refused)).toBe(refused);
    expect(firstRefusal({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
  });
});
