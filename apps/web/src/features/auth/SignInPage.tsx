import type { AuthInfo } from '@sextant/contracts';
import { openIdSignInHref } from '../../api/auth.ts';
import { Logo } from '../../components/Logo.tsx';
import { ThemeToggle } from '../../components/ThemeToggle.tsx';
import { useTheme } from '../../lib/useTheme.ts';
import { TokenForm } from './TokenForm.tsx';
import './auth.css';
import { MissingLoginUrl } from './MissingLoginUrl.tsx';

interface Props {
  info: AuthInfo;
  onSignedIn: (info: AuthInfo) => void;
}

/** Nobody is signed in: the way in that the server's strategy offers. */
export function SignInPage({ info, onSignedIn }: Props) {
  const { theme, toggle } = useTheme();
  return (
    <main className="auth-screen">
      <div className="auth-screen__theme">
        <ThemeToggle theme={theme} onToggle={toggle} />
      </div>
      <section className="auth-card" aria-labelledby="sign-in-heading">
        <div className="auth-card__brand">
          <Logo size={36} />
          <span className="brand__name">Sextant</span>
        </div>
        <h1 id="sign-in-heading" className="auth-card__title">
          Sign in to Sextant
        </h1>
        <SignInError />
        <SignInMethod info={info} onSignedIn={onSignedIn} />
      </section>
    </main>
  );
}

/** Why the last OpenID sign-in failed: the server's callback comes back with `?signInError=`. */
function SignInError() {
  const message = new URLSearchParams(window.location.search).get('signInError');
  if (!message) return null;
  return (
    <p className="auth-form__error" role="alert">
      {message}
    </p>
  );
}

function SignInMethod({ info, onSignedIn }: Props) {
  switch (info.strategy) {
    case 'token':
      return (
        <>
          <p className="auth-card__lede">
            Sextant shows and changes the mesh as you: Kubernetes decides what you may see and edit.
          </p>
          <TokenForm onSignedIn={onSignedIn} />
        </>
      );
    case 'openid':
      return (
        <>
          <p className="auth-card__lede">
            Sign in with your organisation&apos;s identity provider; Kubernetes then decides what you may see
            and edit.
          </p>
          <OpenIdSignIn loginUrl={info.loginUrl} />
        </>
      );
    case 'header':
      return (
        <div className="auth-card__notice" role="status">
          <p>
            Sextant sits behind an authenticating proxy, and that proxy sent no credentials with this request.
            There is nothing to sign in to here.
          </p>
          <p>
            Open Sextant through the address your organisation gave you, or ask your administrator to check
            the proxy in front of Sextant.
          </p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Try again
          </button>
        </div>
      );
    case 'anonymous':
      // The gate never shows this page without sign-in; a server that says so anyway has no way in.
      return <p className="auth-card__lede">This server needs no sign-in. Reload the page.</p>;
  }
}

function OpenIdSignIn({ loginUrl }: { loginUrl: string | undefined }) {
  if (!loginUrl) return <MissingLoginUrl />;
  // Back to the page that was asked for, with its view state (not the last attempt's error).
  const params = new URLSearchParams(window.location.search);
  params.delete('signInError');
  const query = params.toString();
  const here = `${window.location.pathname}${query === '' ? '' : `?${query}`}`;
  return (
    <button
      type="button"
      className="button button--primary auth-form__submit"
      onClick={() => window.location.assign(openIdSignInHref(loginUrl, here))}
    >
      Sign in with OpenID Connect
    </button>
  );
}
