import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cliArgs.ts';

describe('parseCliArgs', () => {
  it('has defaults for a bookinfo demo', () => {
    expect(parseCliArgs([])).toMatchObject({
      scenario: ['bookinfo'],
      kubePort: 0,
      metricsPort: 0,
      host: '127.0.0.1',
    });
  });
  it('reads every flag, in both forms', () => {
    expect(
      parseCliArgs([
        '--scenario',
        'generated',
        '--kube-port=6443',
        '--metrics-port',
        '9100',
        '--kubeconfig-out',
        '/tmp/k',
        '--namespaces',
        '100',
        '--services=20',
        '--seed',
        '7',
      ]),
    ).toMatchObject({
      scenario: ['generated'],
      kubePort: 6443,
      metricsPort: 9100,
      kubeconfigOut: '/tmp/k',
      namespaces: 100,
      services: 20,
      seed: 7,
    });
  });
  it.each([
    ['bookinfo,shop', ['bookinfo', 'shop']],
    ['shop', ['shop']],
    ['shop, bookinfo,shop', ['shop', 'bookinfo']],
  ])('--scenario %s runs %j in one cluster', (value, scenarios) => {
    expect(parseCliArgs(['--scenario', value]).scenario).toEqual(scenarios);
  });
  it.each([
    [['--scenario', 'nope'], '--scenario'],
    [['--scenario', 'bookinfo,generated'], '--scenario'],
    [['--scenario', 'empty,shop'], '--scenario'],
    [['--scenario'], '--scenario'],
    [['--kube-port', '70000'], '--kube-port'],
    [['--kube-port'], '--kube-port'],
    [['--metrics-port', 'x'], '--metrics-port'],
    [['--bogus'], '--bogus'],
    [['--kubeconfig-out'], '--kubeconfig-out'],
    [['--anonymous-auth=maybe'], '--anonymous-auth'],
    [['--auth=yes'], '--auth'],
    [['--oidc-client-id', 'x'], '--oidc-issuer-url'],
    [['--oidc-issuer-url', 'https://i.example'], '--oidc-client-id'],
    [['--oidc-issuer-url', 'not a url', '--oidc-client-id', 'x'], '--oidc-issuer-url'],
    [['--token-auth-file'], '--token-auth-file'],
  ])('%j names the bad flag', (argv, flag) => {
    expect(() => parseCliArgs(argv)).toThrow(flag);
  });

  it('leaves authentication off unless an auth flag is given', () => {
    expect(parseCliArgs(['--scenario', 'bookinfo']).auth).toBeUndefined();
    expect(parseCliArgs(['--auth']).auth).toEqual({});
  });
  it('reads the authentication flags like kube-apiserver', () => {
    expect(
      parseCliArgs([
        '--token-auth-file',
        '/etc/tokens.csv',
        '--admin-token=root',
        '--anonymous-auth',
        '--oidc-issuer-url=https://issuer.example',
        '--oidc-client-id',
        'sextant',
        '--oidc-username-claim=email',
        '--oidc-username-prefix=-',
        '--oidc-groups-claim',
        'groups',
        '--oidc-groups-prefix=oidc:',
        '--oidc-signing-algs=RS256,ES256',
      ]).auth,
    ).toEqual({
      tokenAuthFile: '/etc/tokens.csv',
      adminToken: 'root',
      anonymous: true,
      oidc: {
        issuerUrl: 'https://issuer.example',
        clientId: 'sextant',
        usernameClaim: 'email',
        usernamePrefix: '-',
        groupsClaim: 'groups',
        groupsPrefix: 'oidc:',
        signingAlgs: ['RS256', 'ES256'],
      },
    });
    expect(parseCliArgs(['--anonymous-auth=false']).auth).toEqual({ anonymous: false });
  });
});
