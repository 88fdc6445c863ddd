import type { AuthInfo } from '@sextant/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { AUTH_DONE_PATH, authInfoQuery, openIdSignInHref } from '../../api/auth.ts';
import { hasUnsavedDrafts, saveDraftsForReload } from '../../lib/unsavedDrafts.ts';
import { listenForSignIn } from './authMessages.ts';
import { TokenForm } from './TokenForm.tsx';
import './auth.css';
import { MissingLoginUrl } from './MissingLoginUrl.tsx';

interface Props {
  info: AuthInfo;
  onSignedIn: (info: AuthInfo) => void;
}

/** How often the dialog asks whether a session is back (signed in in another tab, the proxy again). */
const RECHECK_MS = 10_000;

/**
 * Over the page whose requests the server refused for want of a session: the page stays mounted
 * beneath, so whatever was being edited is still there after signing in again here.
 */
export function SessionEndedDialog({ info, onSignedIn }: Props) {
  const queryClient = useQueryClient();
  const [checking, setChecking] = useState(false);
  const [checkNote, setCheckNote] = useState<string | undefined>();

  const recheck = useCallback(
    async (byHand: boolean) => {
      if (byHand) setChecking(true);
      try {
        const fresh = await queryClient.fetchQuery({ ...authInfoQuery(), staleTime: 0 });
        if (fresh.user) onSignedIn(fresh);
        else if (byHand) setCheckNote('Still signed out.');
      } catch (error) {
        if (byHand) setCheckNote(error instanceof Error ? error.message : 'The server did not answer.');
      } finally {
        if (byHand) setChecking(false);
      }
    },
    [queryClient, onSignedIn],
  );

  useEffect(() => {
    const quietly = () => void recheck(false);
    const stopListening = listenForSignIn(quietly);
    const timer = window.setInterval(quietly, RECHECK_MS);
    window.addEventListener('focus', quietly);
    return () => {
      stopListening();
      window.clearInterval(timer);
      window.removeEventListener('focus', quietly);
    };
  }, [recheck]);

  return (
    <div className="dialog-backdrop auth-dialog-backdrop">
      <div
        className="dialog auth-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="session-ended-title"
      >
        <h2 id="session-ended-title" className="auth-dialog__title">
          Your session has ended
        </h2>
        <p>
          {info.strategy === 'header'
            ? 'The server no longer receives your credentials.'
            : 'Sign in again to go on.'}{' '}
          The page behind stays as it is: nothing you were editing is lost, and nothing was saved since.
        </p>
        <ReSignIn info={info} onSignedIn={onSignedIn} />
        <div className="auth-dialog__check">
          <button
            type="button"
            className="link-button"
            disabled={checking}
            onClick={() => void recheck(true)}
          >
            {checking ? 'Checking…' : 'Signed in elsewhere? Check again'}
          </button>
          {checkNote && <span className="muted small"> {checkNote}</span>}
        </div>
      </div>
    </div>
  );
}

function ReSignIn({ info, onSignedIn }: Props) {
  switch (info.strategy) {
    case 'token':
      return <TokenForm onSignedIn={onSignedIn} />;
    case 'openid':
      return <OpenIdReSignIn loginUrl={info.loginUrl} />;
    case 'header':
    case 'anonymous':
      return (
        <>
          <p className="muted">
            Sextant sits behind an authenticating proxy, which sent no credentials. Reloading may take you
            through its sign-in; if not, ask your administrator.
          </p>
          <FullPageReload label="Reload the page" href={undefined} />
        </>
      );
  }
}

/** A popup keeps this page as it is; only when the browser blocks it does this page go to the provider. */
function OpenIdReSignIn({ loginUrl }: { loginUrl: string | undefined }) {
  const [blocked, setBlocked] = useState(false);
  if (!loginUrl) return <MissingLoginUrl />;
  const openPopup = () => {
    const popup = window.open(
      openIdSignInHref(loginUrl, AUTH_DONE_PATH),
      'sextant-sign-in',
      'popup=yes,width=520,height=680',
    );
    setBlocked(popup === null);
  };
  const here = `${window.location.pathname}${window.location.search}`;
  return (
    <>
      <div className="dialog__actions auth-dialog__actions">
        <button type="button" className="button button--primary" autoFocus onClick={openPopup}>
          Sign in again
        </button>
      </div>
      {blocked && (
        <div className="auth-dialog__blocked" role="alert">
          <p>
            Your browser blocked the sign-in window. Allow pop-ups for Sextant, or sign in on this page
            instead.
          </p>
          <FullPageReload label="Sign in on this page" href={openIdSignInHref(loginUrl, here)} />
        </div>
      )}
    </>
  );
}

/**
 * Leaves the page (to `href`, or reloads): the YAML of open editors is put in sessionStorage first
 * and restored when they open again; other unsaved state (wizard settings) is not kept.
 */
function FullPageReload({ label, href }: { label: string; href: string | undefined }) {
  const unsaved = hasUnsavedDrafts();
  return (
    <>
      {unsaved && (
        <p className="muted small">Your unsaved edits are kept in this tab and come back when you return.</p>
      )}
      <div className="dialog__actions auth-dialog__actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            saveDraftsForReload();
            if (href) window.location.assign(href);
            else window.location.reload();
          }}
        >
          {label}
        </button>
      </div>
    </>
  );
}
