import { freeLoopbackPort } from '@sextant/mesh-sim/prometheus';
import { startServer, WEB_DIST, type RunningServer, type Stack, type StackOptions } from '@sextant/testkit';
import { startOidcProvider, type RunningOidcProvider } from '@sextant/testkit/oidc';

const CLIENT = { clientId: 'sextant-e2e', clientSecret: 'e2e-client-secret' };

/**
 * Sign-in for an e2e stack: a real OpenID provider (started before the stack, since mesh-sim must
 * trust its ID tokens as kube-apiserver's --oidc-* flags do), the sign-in scenario's RBAC
 * (alice edits bookinfo, bob reads it, carol nothing), and a second Sextant server with
 * SEXTANT_AUTH=openid on the stack's cluster and Prometheus.
 */
export class OpenIdSignIn {
  provider: RunningOidcProvider | undefined;
  server: RunningServer | undefined;
  /** A third server, SEXTANT_AUTH=token, for the token sign-in page (the test users' static tokens). */
  tokenServer: RunningServer | undefined;

  /** For e2eStack's `prepare`. */
  async prepare(): Promise<StackOptions> {
    this.provider = await startOidcProvider();
    return {
      meshSimAuth: {
        oidc: { issuerUrl: this.provider.issuer, clientId: CLIENT.clientId },
        testUserTokens: true,
      },
      bookinfoRbac: true,
    };
  }

  /** For e2eStack's `setup`. */
  async start(stack: Stack): Promise<RunningServer> {
    if (!this.provider) throw new Error('prepare() first');
    const port = await freeLoopbackPort();
    const url = `http://127.0.0.1:${port}`;
    this.provider.registerClient({ ...CLIENT, redirectUris: [`${url}/auth/callback`] });
    this.server = await startServer({
      port,
      prometheusUrl: stack.urls.prometheus,
      kubeconfig: stack.kubeconfig,
      staticDir: WEB_DIST,
      env: {
        SEXTANT_AUTH: 'openid',
        SEXTANT_SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
        SEXTANT_OIDC_ISSUER_URL: this.provider.issuer,
        SEXTANT_OIDC_CLIENT_ID: CLIENT.clientId,
        SEXTANT_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
        SEXTANT_OIDC_REDIRECT_URL: `${url}/auth/callback`,
        SEXTANT_OIDC_SCOPES: 'openid email profile groups',
      },
      timeoutMs: 60_000,
    });
    this.tokenServer = await startServer({
      port: await freeLoopbackPort(),
      prometheusUrl: stack.urls.prometheus,
      kubeconfig: stack.kubeconfig,
      staticDir: WEB_DIST,
      env: { SEXTANT_AUTH: 'token', SEXTANT_SESSION_SECRET: 'e2e-token-session-secret-0123456789' },
      timeoutMs: 60_000,
    });
    return this.server;
  }

  /** For e2eStack's `teardown`. */
  async stop(): Promise<void> {
    await this.server?.child.stop();
    await this.tokenServer?.child.stop();
    await this.provider?.stop();
  }
}
