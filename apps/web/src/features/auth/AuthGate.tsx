import type { AuthInfo } from '@sextant/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { isApiError } from '../../api/apiError.ts';
import { authInfoQuery, authKeys, signOut } from '../../api/auth.ts';
import { sessionStore, useSessionEnded } from '../../api/session.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { AuthSessionContext, type AuthSession } from './AuthSession.ts';
import { SessionEndedDialog } from './SessionEndedDialog.tsx';
import { SignInPage } from './SignInPage.tsx';
import './auth.css';

/** What a server from before sign-in is taken to say: nobody needs to sign in. */
const NO_SIGN_IN: AuthInfo = { strategy: 'anonymous', user: null, expiresAt: null };

/**
 * The app only for a signed-in user (or for everyone with the anonymous strategy). Once the app is
 * on screen it stays mounted: an ended session (any 401 UNAUTHENTICATED, reported by the API
 * client) puts a dialog over it, so unsaved edits survive signing in again.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const info = useQuery(authInfoQuery());
  const ended = useSessionEnded();
  // Whether the app is on screen for a user of this page's life; only Sign out takes it away.
  const [inApp, setInApp] = useState(false);
  // Who had the app last, even after a re-check found nobody: tells a new user from the same one.
  const [lastUser, setLastUser] = useState<string | undefined>();
  const user = info.data?.user ?? null;
  if (user && !inApp) setInApp(true);
  if (user && user.name !== lastUser) setLastUser(user.name);

  const signedIn = useCallback(
    (next: AuthInfo) => {
      queryClient.setQueryData(authKeys.info(), next);
      sessionStore.reset();
      const notAuth = {
        predicate: (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== authKeys.all[0],
      };
      // Someone else signed in on the dialog: nothing the previous user saw may stay on screen.
      if (lastUser !== undefined && lastUser !== next.user?.name) void queryClient.resetQueries(notAuth);
      else void queryClient.invalidateQueries(notAuth);
    },
    [queryClient, lastUser],
  );

  const session: AuthSession | undefined = useMemo(
    () =>
      info.data && info.data.strategy !== 'anonymous'
        ? {
            info: info.data,
            signOut: async () => {
              const after = await signOut().catch((error: unknown) => {
                // Already ended on the server: signed out all the same.
                if (isApiError(error) && error.code === 'UNAUTHENTICATED')
                  return { ...info.data!, user: null };
                throw error;
              });
              queryClient.clear();
              if (after.endSessionUrl) {
                // Also end the provider's session, or its sign-in would let the same user straight back in.
                window.location.assign(after.endSessionUrl);
                return;
              }
              setInApp(false);
              setLastUser(undefined);
              queryClient.setQueryData(authKeys.info(), { ...after, user: null });
              sessionStore.reset();
            },
          }
        : undefined,
    [info.data, queryClient],
  );

  if (info.isPending) {
    return (
      <div className="auth-screen auth-screen--quiet">
        <LoadingState label="Connecting to Sextant…" />
      </div>
    );
  }
  if (info.isError && !inApp) {
    // A server from before sign-in has no /api/auth/info: the app as it always was.
    if (!(isApiError(info.error) && info.error.status === 404)) {
      return (
        <div className="auth-screen">
          <div className="auth-card">
            <ErrorPanel title="Cannot reach Sextant" error={info.error} onRetry={() => void info.refetch()} />
          </div>
        </div>
      );
    }
  }
  const current = info.data ?? NO_SIGN_IN;
  if (current.strategy !== 'anonymous' && !inApp) {
    return <SignInPage info={current} onSignedIn={signedIn} />;
  }
  const dialog = current.strategy !== 'anonymous' && (ended || !user);
  return (
    <AuthSessionContext.Provider value={session}>
      {/* One element in every state, so the page below never remounts when the dialog comes and goes. */}
      <div className="auth-gate" inert={dialog}>
        {children}
      </div>
      {dialog && <SessionEndedDialog info={current} onSignedIn={signedIn} />}
    </AuthSessionContext.Provider>
  );
}
