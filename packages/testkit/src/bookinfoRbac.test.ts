import { describe, expect, it } from 'vitest';
import { bookinfoRbacManifest, bookinfoRbacObjects, tokenAuthFileCsv } from './bookinfoRbac.ts';
import { meshSimAuthArgs } from './stack.ts';

describe('bookinfo RBAC fixtures', () => {
  it('bind edit/view and the Istio roles to the two groups in bookinfo, with the groups prefix', () => {
    const bindings = bookinfoRbacObjects({ groupsPrefix: 'oidc:' })
      .filter((o) => o.kind === 'RoleBinding')
      .map((o) => {
        const b = o as unknown as {
          roleRef: { kind: string; name: string };
          subjects: Array<{ name: string }>;
        };
        return `${o.metadata.namespace} ${b.subjects.map((s) => s.name).join()} -> ${b.roleRef.kind}/${b.roleRef.name}`;
      });
    expect(bindings).toEqual([
      'bookinfo oidc:bookinfo-editors -> ClusterRole/edit',
      'bookinfo oidc:bookinfo-editors -> Role/istio-config-editor',
      'bookinfo oidc:bookinfo-viewers -> ClusterRole/view',
      'bookinfo oidc:bookinfo-viewers -> Role/istio-config-reader',
    ]);
    expect(bookinfoRbacManifest().split('\n---\n')).toHaveLength(6);
  });

  it('write the static tokens as kube-apiserver token-auth-file CSV', () => {
    expect(tokenAuthFileCsv()).toBe(
      [
        '"alice-static-token","alice@example.com","alice","bookinfo-editors"',
        '"bob-static-token","bob@example.com","bob","bookinfo-viewers"',
        '"carol-static-token","carol@example.com","carol",""',
        '',
      ].join('\n'),
    );
  });
});

describe('meshSimAuthArgs', () => {
  it.each<[Parameters<typeof meshSimAuthArgs>[0], string[]]>([
    [{}, ['--auth']],
    [
      { adminToken: 't', anonymous: true, tokenAuthFile: '/f.csv' },
      ['--auth', '--admin-token', 't', '--anonymous-auth=true', '--token-auth-file', '/f.csv'],
    ],
    [
      { oidc: { issuerUrl: 'http://127.0.0.1:1', clientId: 'sextant', groupsPrefix: '' } },
      [
        '--auth',
        '--oidc-issuer-url',
        'http://127.0.0.1:1',
        '--oidc-client-id',
        'sextant',
        '--oidc-username-claim',
        'email',
        '--oidc-groups-claim',
        'groups',
        '--oidc-groups-prefix=',
      ],
    ],
  ])('%j', (options, args) => {
    expect(meshSimAuthArgs(options)).toEqual(args);
  });
});
