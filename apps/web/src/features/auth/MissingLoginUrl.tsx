/** An openid server that names no sign-in URL: a misconfiguration only an administrator can fix. */
export function MissingLoginUrl() {
  return (
    <p className="auth-form__error" role="alert">
      The server did not say where to sign in. Ask your administrator to check Sextant&apos;s OpenID settings.
    </p>
  );
}
