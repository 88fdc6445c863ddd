/**
 * The people of the sign-in tests, known to the test OpenID provider (`oidcProvider.ts`) and, as
 * static tokens and group bindings, to mesh-sim (`bookinfoRbac.ts`). Apart from the provider so
 * that the stack can use them without loading oidc-provider.
 */
export interface OidcTestUser {
  /** The `sub` claim, and a user name the login form takes (as does the email). */
  id: string;
  email: string;
  email_verified: boolean;
  name: string;
  password: string;
  groups: string[];
}

/**
 * alice edits Istio config in `bookinfo`, bob only reads it, carol may do nothing (see
 * `bookinfoRbac.ts` for the bindings of their groups).
 */
export const TEST_USERS: readonly OidcTestUser[] = [
  {
    id: 'alice',
    email: 'alice@example.com',
    email_verified: true,
    name: 'Alice Editor',
    password: 'alice-password',
    groups: ['bookinfo-editors'],
  },
  {
    id: 'bob',
    email: 'bob@example.com',
    email_verified: true,
    name: 'Bob Viewer',
    password: 'bob-password',
    groups: ['bookinfo-viewers'],
  },
  {
    id: 'carol',
    email: 'carol@example.com',
    email_verified: true,
    name: 'Carol Nobody',
    password: 'carol-password',
    groups: [],
  },
];
