import { useEffect } from 'react';
import { announceSignIn } from './authMessages.ts';

/**
 * `/auth/done`: where the sign-in popup lands after the OpenID provider. It tells the pages whose
 * session had ended (BroadcastChannel, and the opener when it still has one) and closes itself.
 * `window.opener` cannot say whether this is the popup: the app's Cross-Origin-Opener-Policy
 * severs it once the popup has been to the provider, yet Chromium still lets the window close.
 * A window that stays open (a browser that refuses) says what to do instead.
 */
export function AuthDonePage() {
  useEffect(() => {
    announceSignIn();
    window.close();
  }, []);
  return (
    <main className="auth-screen">
      <section className="auth-card">
        <p className="auth-screen__done" role="status">
          Signed in. You can close this window.
        </p>
        <a className="button" href="/">
          Continue to Sextant
        </a>
      </section>
    </main>
  );
}
