import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getObject, kubectl, staticTokenOf, TEST_USERS } from '@sextant/testkit';
import type { ColorScheme } from './pages/AppPage.ts';
import { GraphPage } from './pages/GraphPage.ts';
import { IstioConfigPage } from './pages/IstioConfigPage.ts';
import { MeshPage } from './pages/MeshPage.ts';
import { NamespacesPage } from './pages/NamespacesPage.ts';
import { OverviewPage } from './pages/OverviewPage.ts';
import { SignInPage } from './pages/SignInPage.ts';
import { reviewsConfig } from './support/bookinfoConfig.ts';
import { e2eStack } from './support/e2eStack.ts';
import { OpenIdSignIn } from './support/openIdServer.ts';
import { screenshotPath } from '@sextant/testkit/screenshots';

/**
 * One stack for the namespaces page and for sign-in: mesh-sim authenticates (the main server uses
 * the admin token of its kubeconfig) and trusts a real OpenID provider's ID tokens; a second server
 * runs with SEXTANT_AUTH=openid. alice edits bookinfo, bob reads it, carol may read nothing.
 */
describe('namespaces page and OpenID sign-in (mesh-sim bookinfo + Prometheus + servers + OpenID provider + Chromium)', () => {
  const openId = new OpenIdSignIn();
  const e2e = e2eStack({
    viewport: { width: 1280, height: 720 },
    prepare: () => openId.prepare(),
    setup: async (stack) => {
      await kubectl(stack.kubeconfig, ['apply', '-f', '-'], reviewsConfig({ v1: 50, v2: 50 }));
      await openId.start(stack);
    },
    teardown: () => openId.stop(),
  });
  const signedIn = () => {
    if (!openId.server) throw new Error('the openid server did not start');
    return openId.server.url;
  };

  async function openPage(colorScheme: ColorScheme): Promise<NamespacesPage> {
    const namespaces = new NamespacesPage(await e2e.newPage({ colorScheme }), e2e.stack.urls.sextant);
    await namespaces.open();
    return namespaces;
  }

  it('lists the bookinfo and istio-system namespaces, with injection and labels', async () => {
    const namespaces = await openPage('light');
    const names = await namespaces.namespaceNames();
    expect(names).toEqual(expect.arrayContaining(['bookinfo', 'istio-system']));
    expect(names).toEqual([...names].sort());

    expect(await namespaces.injection('bookinfo')).toBe('Enabled');
    expect(await namespaces.injection('istio-system')).toBe('Disabled');
    expect(await namespaces.labels('bookinfo')).toContain('istio-injection=enabled');
    expect(await namespaces.staleBanner.count()).toBe(0);
  });

  it.each(['light', 'dark'] as const)('follows prefers-color-scheme: %s (screenshot)', async (scheme) => {
    const namespaces = await openPage(scheme);
    await namespaces.row('bookinfo').waitFor();
    expect(await namespaces.theme()).toBe(scheme);
    await namespaces.page.screenshot({ path: screenshotPath(`namespaces-${scheme}`), fullPage: true });
  });

  it('switches theme with the toggle and keeps the choice after a reload', async () => {
    const namespaces = await openPage('light');
    await namespaces.themeToggle.click();
    expect(await namespaces.theme()).toBe('dark');
    await namespaces.page.reload();
    await namespaces.heading.waitFor();
    expect(await namespaces.theme()).toBe('dark');
  });

  /** Waits until Prometheus holds a rate for bookinfo's inbound requests: the Overview's sparklines need it. */
  const bookinfoTraffic = () =>
    e2e.stack.prometheus.waitFor(
      'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"}[2m]))',
      (s) => (s[0]?.value ?? 0) > 0,
      { timeoutMs: 90_000 },
    );

  async function openOverview(colorScheme: ColorScheme, query = ''): Promise<OverviewPage> {
    const overview = new OverviewPage(await e2e.newPage({ colorScheme }), e2e.stack.urls.sextant);
    await overview.open(query);
    return overview;
  }

  it('the overview at / lists bookinfo and istio-system with health counts and inbound rates', async () => {
    await bookinfoTraffic();
    const overview = await openOverview('light');
    const bookinfo = overview.card('bookinfo');
    await bookinfo.waitFor();
    await overview.card('istio-system').waitFor();
    // The simulated proxies answer a trickle of 5xx, which degrades apps as Kiali would: not failing.
    expect(await bookinfo.getByText(/^(Healthy|Degraded)$/).count()).toBe(1);
    // Apps: productpage, details, reviews, ratings, mongodb; every pod ready.
    const [apps, workloads] = await bookinfo.getByRole('definition').allInnerTexts();
    expect(apps).toMatch(/\d+ healthy$/);
    expect(workloads).toMatch(/\d+ healthy$/);
    expect(`${apps} ${workloads}`).not.toMatch(/failing|not ready/);
    // The card's rate is a rate over the last minute: right after the first scrapes it can still
    // read 0 though Prometheus has samples. Reload until it counts them (the page refreshes itself too).
    const rateShown = async () => {
      const text = bookinfo.getByText(/req\/s in/).locator('strong');
      if ((await text.count()) === 0) return 0;
      return Number((await text.innerText()).replace('<', ''));
    };
    await overview.reloadUntil(async () => (await rateShown()) > 0);
    expect(await rateShown()).toBeGreaterThan(0);
    await bookinfo.getByRole('img', { name: /Inbound requests of bookinfo/ }).waitFor();
    expect(await bookinfo.getByText('Sidecar injection').count()).toBe(1);
    // The namespaces list moved to /namespaces, and the nav leads there.
    await overview.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Namespaces' })
      .click();
    await overview.page.getByRole('heading', { level: 1, name: 'Namespaces' }).waitFor();
    expect(new URL(overview.page.url()).pathname).toBe('/namespaces');
  });

  it('the overview’s table layout is in the URL and survives a reload; filtering by name narrows it', async () => {
    const overview = await openOverview('light');
    await overview.card('bookinfo').waitFor();
    await overview.tableButton.click();
    await overview.row('bookinfo').waitFor();
    expect(new URL(overview.page.url()).search).toBe('?view=table');
    await overview.page.reload();
    await overview.row('istio-system').waitFor();
    expect(await overview.tableButton.getAttribute('aria-pressed')).toBe('true');
    await overview.filter.fill('book');
    await overview.page.waitForFunction(() => window.location.search.includes('filter=book'));
    expect(await overview.table.getByRole('rowheader').allInnerTexts()).toEqual(['bookinfo']);
  });

  it('clicking a namespace on the overview opens its graph; its links lead to the lists', async () => {
    const overview = await openOverview('light');
    const card = overview.card('bookinfo');
    await card.getByRole('link', { name: 'Services', exact: true }).click();
    await overview.page.waitForURL((u) => u.pathname === '/services' && u.search === '?namespaces=bookinfo');
    await overview.page.goBack();
    await card.getByRole('link', { name: 'Istio config', exact: true }).click();
    await overview.page.waitForURL((u) => u.pathname === '/istio' && u.search === '?namespaces=bookinfo');
    await overview.page.goBack();
    await card.getByRole('heading').getByRole('link', { name: 'bookinfo' }).click();
    await overview.page.waitForURL((u) => u.pathname === '/graph');
    expect(new URL(overview.page.url()).searchParams.get('namespaces')).toBe('bookinfo');
  });

  it.each(['light', 'dark'] as const)('overview and mesh pages (%s screenshots)', async (scheme) => {
    await bookinfoTraffic();
    const overview = await openOverview(scheme);
    await overview
      .card('bookinfo')
      .getByRole('img', { name: /Inbound requests of bookinfo/ })
      .waitFor();
    expect(await overview.theme()).toBe(scheme);
    await overview.page.screenshot({ path: screenshotPath(`overview-cards-${scheme}`), fullPage: true });
    await overview.tableButton.click();
    await overview.row('bookinfo').waitFor();
    await overview.page.screenshot({ path: screenshotPath(`overview-table-${scheme}`), fullPage: true });

    const mesh = new MeshPage(overview.page, e2e.stack.urls.sextant);
    await overview.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mesh' }).click();
    await mesh.heading.waitFor();
    await mesh.controlPlane.waitFor();
    await overview.page.screenshot({ path: screenshotPath(`mesh-${scheme}`), fullPage: true });
  });

  it('the mesh page shows istiod healthy with its version, the ingress gateway and the mesh-wide mTLS mode', async () => {
    const mesh = new MeshPage(await e2e.newPage({ colorScheme: 'light' }), e2e.stack.urls.sextant);
    await mesh.open();
    const istiod = mesh.component(mesh.controlPlane, 'istio-system/istiod');
    await istiod.waitFor();
    const cells = await istiod.getByRole('cell').allInnerTexts();
    expect(cells.map((c) => c.trim())).toEqual([
      'Control plane',
      '1.24.0',
      '1 of 1',
      expect.stringMatching(/Healthy/),
    ]);
    await mesh.component(mesh.gateways, 'istio-ingressgateway').getByText('Healthy').waitFor();
    await mesh.mtls.getByText('No mesh-wide policy').waitFor();

    const policy = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: PERMISSIVE}}
`;
    await kubectl(e2e.stack.kubeconfig, ['apply', '-f', '-'], policy);
    try {
      // The page polls; the watch cache brings the policy within a refresh.
      await mesh.mtls.getByText('PERMISSIVE', { exact: true }).waitFor({ timeout: 30_000 });
    } finally {
      await kubectl(e2e.stack.kubeconfig, ['delete', 'peerauthentication', 'default', '-n', 'istio-system']);
    }
  });

  async function signInAs(user: string, colorScheme: ColorScheme = 'light', path = '/'): Promise<SignInPage> {
    const ui = new SignInPage(await e2e.newPage({ colorScheme }), signedIn());
    await ui.signIn(user, path);
    return ui;
  }

  const reviewsWeights = async () =>
    (
      await getObject<{ spec: { http: Array<{ route: Array<{ weight?: number }> }> } }>(
        e2e.stack.kubeconfig,
        'virtualservice',
        'bookinfo',
        'reviews',
      )
    ).spec.http[0]!.route.map((r) => r.weight);

  /** The object as the server reads it for the page's user, then PUT back changed: Kubernetes decides. */
  const putAsPageUser = (page: Page, weights: [number, number]) =>
    page.evaluate(async (w) => {
      const path = '/api/namespaces/bookinfo/istio/virtualservices/reviews';
      const { object } = (await (await fetch(path)).json()) as {
        object: { spec: { http: Array<{ route: Array<{ weight: number }> }> } };
      };
      object.spec.http[0]!.route[0]!.weight = w[0];
      object.spec.http[0]!.route[1]!.weight = w[1];
      const res = await fetch(path, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(object),
      });
      return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
    }, weights);

  it.each(['light', 'dark'] as const)(
    'asks to sign in, through the provider’s login page (%s, screenshots)',
    async (scheme) => {
      const ui = new SignInPage(await e2e.newPage({ colorScheme: scheme }), signedIn());
      await ui.page.goto(`${signedIn()}/istio?namespaces=bookinfo`);
      await ui.heading.waitFor();
      // Nothing of the cluster without a session.
      const api = await ui.page.request.get(`${signedIn()}/api/namespaces`);
      expect(api.status()).toBe(401);
      await ui.page.screenshot({ path: screenshotPath(`signin-page-${scheme}`) });
      await ui.openIdButton.click();
      await ui.page.getByLabel('Username').waitFor();
      await SignInPage.providerLogin(ui.page, 'alice', 'wrong-password');
      await ui.page.getByText('Invalid username or password').waitFor();
      if (scheme === 'light') await ui.page.screenshot({ path: screenshotPath('signin-provider-login') });
      await SignInPage.providerLogin(ui.page, 'alice');
      // Back on the page the sign-in started from.
      await ui.signedInAs('alice@example.com').waitFor();
      expect(new URL(ui.page.url()).pathname + new URL(ui.page.url()).search).toBe(
        '/istio?namespaces=bookinfo',
      );
    },
  );

  it.each(['light', 'dark'] as const)(
    'alice sees bookinfo only and edits its VirtualService as herself (%s)',
    async (scheme) => {
      const ui = await signInAs('alice', scheme);
      const namespaces = new NamespacesPage(ui.page, signedIn());
      await namespaces.open();
      expect(await namespaces.namespaceNames()).toEqual(['bookinfo']);
      await ui.page.screenshot({ path: screenshotPath(`signin-alice-namespaces-${scheme}`) });
      if (scheme === 'dark') return;

      const editor = new IstioConfigPage(ui.page, signedIn());
      await editor.openObject('bookinfo', 'virtualservices', 'reviews');
      await editor.yamlTab.click();
      expect(await ui.page.getByRole('status').filter({ hasText: 'Read-only.' }).count()).toBe(0);
      const original = await editor.yamlText();
      await editor.setYaml(original.replace('weight: 50', 'weight: 70').replace('weight: 50', 'weight: 30'));
      await editor.reviewButton.click();
      await editor.applyButton.click();
      await editor.savedNotice.waitFor();
      expect(await reviewsWeights()).toEqual([70, 30]);
    },
  );

  it('alice’s graph of bookinfo: callers from namespaces she cannot read are inaccessible nodes; the picker offers bookinfo only', async () => {
    const ui = await signInAs('alice');
    type Node = { data: { namespace: string; nodeType: string; isInaccessible?: boolean } };
    const graphNodes = async (): Promise<Node[]> => {
      const res = await ui.page.request.get(
        `${signedIn()}/api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp&duration=60s`,
      );
      expect(res.status()).toBe(200);
      return ((await res.json()) as { elements: { nodes: Node[] } }).elements.nodes;
    };
    // The ingress gateway (istio-system) calls productpage once Prometheus has scraped a little.
    await expect
      .poll(async () => (await graphNodes()).some((n) => n.data.namespace === 'istio-system'), {
        timeout: 60_000,
      })
      .toBe(true);
    const nodes = await graphNodes();
    for (const n of nodes.filter((x) => x.data.namespace === 'istio-system'))
      expect(n.data.isInaccessible).toBe(true);
    for (const n of nodes.filter((x) => x.data.namespace === 'bookinfo'))
      expect(n.data.isInaccessible).toBeUndefined();
    const forbidden = await ui.page.request.get(
      `${signedIn()}/api/namespaces/graph?namespaces=istio-system&graphType=app`,
    );
    expect(forbidden.status()).toBe(403);

    const graph = new GraphPage(ui.page, signedIn());
    await graph.open('namespaces=bookinfo&graphType=versionedApp');
    await graph.waitForDrawing();
    await graph.namespacesButton.click();
    expect(await ui.page.getByRole('checkbox', { name: 'istio-system' }).count()).toBe(0);
    expect(await ui.page.getByRole('checkbox', { name: 'bookinfo' }).count()).toBe(1);
    await ui.page.keyboard.press('Escape');
    await ui.page.screenshot({ path: screenshotPath('signin-alice-graph') });
  });

  it.each(['light', 'dark'] as const)(
    'bob reads bookinfo; its editor is read-only with the reason, Kubernetes refuses his write (%s)',
    async (scheme) => {
      const ui = await signInAs('bob', scheme);
      const editor = new IstioConfigPage(ui.page, signedIn());
      await editor.openObject('bookinfo', 'virtualservices', 'reviews');
      const banner = ui.page.getByRole('status').filter({ hasText: 'Read-only.' });
      await banner.waitFor();
      expect(await banner.innerText()).toContain(
        'Kubernetes RBAC does not let bob@example.com update virtualservices in namespace bookinfo',
      );
      await editor.yamlTab.click();
      await editor.yaml.waitFor();
      await ui.page.screenshot({ path: screenshotPath(`signin-bob-read-only-${scheme}`) });
      if (scheme === 'dark') return;
      const before = await reviewsWeights();
      const refused = await putAsPageUser(ui.page, [10, 90]);
      expect(refused.status).toBe(403);
      expect(refused.body.error?.message).toMatch(
        /bob@example\.com.*cannot update resource "virtualservices"/,
      );
      expect(await reviewsWeights()).toEqual(before);
    },
  );

  it.each(['light', 'dark'] as const)(
    'carol may read no namespace: an empty list that says why, bookinfo refused (%s)',
    async (scheme) => {
      const ui = await signInAs('carol', scheme);
      const namespaces = new NamespacesPage(ui.page, signedIn());
      await namespaces.open();
      await ui.page.getByText('No namespaces you may read').waitFor();
      await ui.page.screenshot({ path: screenshotPath(`signin-carol-empty-${scheme}`) });
      if (scheme === 'dark') return;
      await ui.page.goto(`${signedIn()}/istio/bookinfo/virtualservices/reviews`);
      await ui.page
        .getByText('Kubernetes RBAC does not let carol@example.com read namespace "bookinfo"')
        .first()
        .waitFor();
      expect((await putAsPageUser(ui.page, [1, 99]).catch(() => ({ status: 0 }))).status).not.toBe(200);
    },
  );

  it('a session that ends mid-edit asks to sign in again over the page and keeps the edit', async () => {
    const provider = openId.provider!;
    provider.setIdTokenTtl(15);
    let ui: SignInPage;
    try {
      ui = await signInAs('alice');
    } finally {
      provider.setIdTokenTtl(3600);
    }
    const editor = new IstioConfigPage(ui.page, signedIn());
    await editor.openObject('bookinfo', 'virtualservices', 'reviews');
    await editor.yamlTab.click();
    const original = await editor.yamlText();
    const [first, second] = await reviewsWeights();
    const edited = original
      .replace(`weight: ${first}`, 'weight: 90')
      .replace(`weight: ${second}`, 'weight: 10');
    await editor.setYaml(edited);

    // The ID token, and with it the session, ends: wait for that, not for a fixed time.
    await expect
      .poll(
        async () =>
          ((await (await ui.page.request.get(`${signedIn()}/api/auth/info`)).json()) as { user: unknown })
            .user,
        {
          timeout: 45_000,
          interval: 1_000,
        },
      )
      .toBeNull();
    await editor.reviewButton.click();
    await ui.sessionEnded.waitFor();
    await ui.page.screenshot({ path: screenshotPath('signin-session-ended') });

    const popupOpened = ui.page.waitForEvent('popup');
    await ui.sessionEnded.getByRole('button', { name: 'Sign in again' }).click();
    const popup = await popupOpened;
    // The provider may still know alice (its own session) and send her straight back.
    const form = popup.getByLabel('Username');
    const hidden = ui.sessionEnded.waitFor({ state: 'hidden' });
    await Promise.race([
      hidden,
      // Rejected once the popup closes by itself (the provider skipped the form): nothing to fill.
      form
        .waitFor()
        .then(() => SignInPage.providerLogin(popup, 'alice'))
        .catch(() => undefined),
    ]);
    await hidden;
    // The popup closes itself once it has told the page.
    await expect.poll(() => popup.isClosed(), { timeout: 10_000 }).toBe(true);

    expect(await editor.yamlText()).toBe(edited);
    await editor.reviewButton.click();
    await editor.applyButton.click();
    await editor.savedNotice.waitFor();
    expect(await reviewsWeights()).toEqual([90, 10]);
  });

  it.each(['light', 'dark'] as const)(
    'token sign-in: a token Kubernetes refuses is said in words; bob’s signs him in (%s)',
    async (scheme) => {
      const url = openId.tokenServer!.url;
      const ui = new SignInPage(await e2e.newPage({ colorScheme: scheme }), url);
      await ui.page.goto(`${url}/`);
      await ui.heading.waitFor();
      const field = ui.page.getByLabel('Kubernetes token');
      await field.fill('not-a-token');
      await ui.page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await ui.page.getByRole('alert').filter({ hasText: 'Kubernetes did not accept this token' }).waitFor();
      await ui.page.screenshot({ path: screenshotPath(`signin-token-refused-${scheme}`) });
      await field.fill(staticTokenOf(TEST_USERS.find((u) => u.id === 'bob')!));
      await ui.page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await ui.signedInAs('bob@example.com').waitFor();
      const namespaces = new NamespacesPage(ui.page, url);
      await namespaces.open();
      expect(await namespaces.namespaceNames()).toEqual(['bookinfo']);
    },
  );

  it('signs out, of the provider too, back to the sign-in page', async () => {
    const ui = await signInAs('bob');
    await ui.signOutButton.click();
    await ui.heading.waitFor();
    const info = (await (await ui.page.request.get(`${signedIn()}/api/auth/info`)).json()) as {
      user: unknown;
    };
    expect(info.user).toBeNull();
    // The provider's session ended too: signing in asks for the password again.
    await ui.openIdButton.click();
    await ui.page.getByLabel('Username').waitFor();
  });

  // Last: the failures stay in Prometheus' rate window for two minutes after the scale-up.
  it('scaling a bookinfo deployment to 0 turns its overview card failing, with the reason in words', async () => {
    await bookinfoTraffic();
    const overview = await openOverview('light');
    const card = overview.card('bookinfo');
    await card.getByText(/^(Healthy|Degraded)$/).waitFor();
    await kubectl(e2e.stack.kubeconfig, [
      'scale',
      'deployment',
      'details-v1',
      '-n',
      'bookinfo',
      '--replicas=0',
    ]);
    try {
      // productpage's calls to details now fail with 503 (no healthy upstream): productpage fails as
      // a caller, details-v1 is not ready; the page polls every 15 s.
      await card.getByText('Failing', { exact: true }).waitFor({ timeout: 90_000 });
      const reasons = card.getByRole('list', { name: 'Why bookinfo is not healthy' });
      await reasons
        .getByText(/^productpage(-v1)?: .*outbound HTTP requests got 5xx or no response/)
        .waitFor();
      expect(await reasons.innerText()).toContain('details-v1: scaled to 0 replicas');
      await overview.page.screenshot({ path: screenshotPath('overview-failing-light') });
      await overview.page.getByRole('combobox', { name: 'Health' }).selectOption('failing');
      await overview.page.waitForFunction(() => window.location.search.includes('health=failing'));
      expect(await overview.page.getByRole('article').count()).toBe(1);
    } finally {
      await kubectl(e2e.stack.kubeconfig, [
        'scale',
        'deployment',
        'details-v1',
        '-n',
        'bookinfo',
        '--replicas=1',
      ]);
    }
  });
});
