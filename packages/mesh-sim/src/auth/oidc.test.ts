import { describe, expect, it } from 'vitest';
import { oidcUser, type OidcOptions } from './oidc.ts';

const ISSUER = 'https://issuer.example';
const base: OidcOptions = { issuerUrl: ISSUER, clientId: 'sextant' };

describe('oidcUser (claims -> user, as --oidc-* flags map them)', () => {
  it.each<[string, OidcOptions, Record<string, unknown>, { username: string; groups: string[] }]>([
    ['sub with the default issuer# prefix', base, { sub: 'u1' }, { username: `${ISSUER}#u1`, groups: [] }],
    [
      'email claim: no default prefix',
      { ...base, usernameClaim: 'email' },
      { sub: 'u1', email: 'a@x.io', email_verified: true },
      { username: 'a@x.io', groups: [] },
    ],
    [
      'email without email_verified',
      { ...base, usernameClaim: 'email' },
      { sub: 'u1', email: 'a@x.io' },
      { username: 'a@x.io', groups: [] },
    ],
    ['prefix -: none', { ...base, usernamePrefix: '-' }, { sub: 'u1' }, { username: 'u1', groups: [] }],
    [
      'explicit prefixes and array groups',
      {
        ...base,
        usernameClaim: 'preferred_username',
        usernamePrefix: 'oidc:',
        groupsClaim: 'groups',
        groupsPrefix: 'oidc:',
      },
      { sub: 'u1', preferred_username: 'alice', groups: ['devs', 'ops'] },
      { username: 'oidc:alice', groups: ['oidc:devs', 'oidc:ops'] },
    ],
    [
      'a single string group',
      { ...base, usernamePrefix: '-', groupsClaim: 'roles' },
      { sub: 'u1', roles: 'admins' },
      { username: 'u1', groups: ['admins'] },
    ],
    [
      'groups claim absent',
      { ...base, usernamePrefix: '-', groupsClaim: 'groups' },
      { sub: 'u1' },
      { username: 'u1', groups: [] },
    ],
  ])('%s', (_, options, claims, expected) => {
    expect(oidcUser(claims, options)).toMatchObject(expected);
  });

  it.each<[string, OidcOptions, Record<string, unknown>, string]>([
    ['missing username claim', { ...base, usernameClaim: 'email' }, { sub: 'u1' }, 'claim not present'],
    ['non-string username', base, { sub: 42 }, 'claim not present or not a string'],
    [
      'unverified email',
      { ...base, usernameClaim: 'email' },
      { email: 'a@x.io', email_verified: false },
      'email not verified',
    ],
    [
      'groups not strings',
      { ...base, groupsClaim: 'groups' },
      { sub: 'u', groups: [1] },
      'parse groups claim',
    ],
  ])('refuses %s', (_, options, claims, message) => {
    expect(() => oidcUser(claims, options)).toThrow(message);
  });
});
