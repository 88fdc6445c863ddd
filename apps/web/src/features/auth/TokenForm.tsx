import type { AuthInfo } from '@sextant/contracts';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { signInWithToken } from '../../api/auth.ts';

/** The `token` strategy's sign-in, on the sign-in page and in the session-ended dialog. */
export function TokenForm({ onSignedIn }: { onSignedIn: (info: AuthInfo) => void }) {
  const [token, setToken] = useState('');
  const [missing, setMissing] = useState(false);
  const signIn = useMutation({ mutationFn: (t: string) => signInWithToken(t), onSuccess: onSignedIn });
  const hintId = useId();
  const errorId = useId();
  const error = missing ? 'Paste a token to sign in.' : signIn.error?.message;
  return (
    <form
      className="auth-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = token.trim();
        setMissing(trimmed === '');
        if (trimmed !== '') signIn.mutate(trimmed);
      }}
    >
      <label className="auth-form__field">
        <span className="auth-form__label">Kubernetes token</span>
        <input
          type="password"
          className="auth-form__input"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={token}
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? `${errorId} ${hintId}` : hintId}
          onChange={(e) => {
            setToken(e.target.value);
            setMissing(false);
            signIn.reset();
          }}
        />
      </label>
      {error !== undefined && (
        <p id={errorId} className="auth-form__error" role="alert">
          {error}
        </p>
      )}
      <p id={hintId} className="auth-form__hint">
        A bearer token Kubernetes accepts, for example from{' '}
        <code>kubectl create token &lt;serviceaccount&gt;</code> or your cluster&apos;s login tool. Sextant
        acts as you with it.
      </p>
      <button type="submit" className="button button--primary auth-form__submit" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
