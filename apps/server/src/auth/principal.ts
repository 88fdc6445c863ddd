import { createHash } from 'node:crypto';
import type { AuthStrategy, AuthUser } from '@sextant/contracts';
import type { Response } from 'express';

/**
 * Who a request acts as. `server`: the server's own Kubernetes identity (the `anonymous` strategy,
 * today's behaviour). `user`: a signed-in user whose token every Kubernetes call carries.
 */
export type Principal =
  | { kind: 'server' }
  | {
      kind: 'user';
      strategy: Exclude<AuthStrategy, 'anonymous'>;
      user: AuthUser;
      token: string;
      /** Milliseconds since the epoch; undefined: as long as the proxy keeps sending the token (`header`). */
      expiresAt: number | undefined;
      /** A digest of the token: the key of what is cached for this user (never the token itself). */
      key: string;
    };

export const SERVER_PRINCIPAL: Principal = { kind: 'server' };

export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 32);
}

export function principalOf(res: Response): Principal {
  return (res.locals as { principal?: Principal }).principal ?? SERVER_PRINCIPAL;
}

export function setPrincipal(res: Response, principal: Principal): void {
  (res.locals as { principal?: Principal }).principal = principal;
}

/** How messages name the user: "bob", or "Sextant's service account" for the server itself. */
export function describePrincipal(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.name : "Sextant's service account";
}
