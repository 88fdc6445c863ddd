import type { AuthInfo } from '@sextant/contracts';
import { createContext, useContext } from 'react';

/** What the app bar shows of the signed-in session, and how to end it. */
export interface AuthSession {
  info: AuthInfo;
  signOut: () => Promise<void>;
}

export const AuthSessionContext = createContext<AuthSession | undefined>(undefined);

/** Undefined without sign-in (anonymous strategy, or outside the auth gate as in tests). */
export function useAuthSession(): AuthSession | undefined {
  return useContext(AuthSessionContext);
}
