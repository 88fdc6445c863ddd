import { useState } from 'react';
import { useAuthSession } from './AuthSession.ts';
import './auth.css';

/** The app bar's account corner: who is signed in, until when, and Sign out. */
export function SessionControls() {
  const session = useAuthSession();
  const [signingOut, setSigningOut] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const user = session?.info.user;
  if (!session || !user) return null;
  const expiresAt = session.info.expiresAt ? new Date(session.info.expiresAt) : undefined;
  const groups = user.groups.length > 0 ? `Groups: ${user.groups.join(', ')}` : 'No groups';
  return (
    <div className="session">
      <span className="session__user" role="group" aria-label={`Signed in as ${user.name}`} title={groups}>
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <circle cx="8" cy="5.5" r="2.8" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path
            d="M2.5 14c.6-3 2.8-4.5 5.5-4.5s4.9 1.5 5.5 4.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
          />
        </svg>
        <span className="session__name">{user.name}</span>
      </span>
      {expiresAt && !Number.isNaN(expiresAt.getTime()) && (
        <span className="session__expiry" title={`The session ends ${expiresAt.toLocaleString()}`}>
          until{' '}
          <time dateTime={session.info.expiresAt ?? undefined}>
            {expiresAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
          </time>
        </span>
      )}
      {/* Behind an authenticating proxy the proxy owns the session: signing out here would change nothing. */}
      {session.info.strategy !== 'header' && (
        <button
          type="button"
          className="button button--small"
          disabled={signingOut}
          title={failure}
          onClick={() => {
            setSigningOut(true);
            setFailure(undefined);
            session.signOut().catch((error: unknown) => {
              setFailure(`Sign out failed: ${error instanceof Error ? error.message : String(error)}`);
              setSigningOut(false);
            });
          }}
        >
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      )}
      {failure && (
        <span className="visually-hidden" role="alert">
          {failure}
        </span>
      )}
    </div>
  );
}
