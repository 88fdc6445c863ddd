import { useEffect } from 'react';
import { navigate } from '../../lib/router.ts';
import { announceSignIn } from './authMessages.ts';

/**
 * `/auth/done`: where the sign-in popup lands after the OpenID provider. It tells the page that
 * opened it (whose session had ended) and closes; opened any other way it goes to the start page.
 */
export function AuthDonePage() {
  useEffect(() => {
    announceSignIn();
    if (window.opener) window.close();
    else navigate('/', { replace: true });
  }, []);
  return (
    <main className="auth-screen">
      <p className="auth-screen__done" role="status">
        Signed in. You can close this window.
      </p>
    </main>
  );
}
