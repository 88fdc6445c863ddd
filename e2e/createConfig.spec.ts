import { describe, expect, it } from 'vitest';
import type { RunningServer } from '@sextant/testkit';
import type { ColorScheme } from './pages/AppPage.ts';
import { CreateConfigPage } from './pages/CreateConfigPage.ts';
import { e2eStack } from './support/e2eStack.ts';
import { kubectl } from '@sextant/testkit';
import { screenshotPath, screenshotsLightDark } from '@sextant/testkit/screenshots';
import { startViewOnlyServer } from './support/viewOnlyServer.ts';

interface ObjectList {
  items: { metadata: { name: string }; spec: Record<string, unknown> }[];
}

/**
 * Istio config → Create, for any kind: a template that is valid as it stands, the same editor as
 * an existing object (live validation while typing), a dry run showing the findings and the object
 * to be created, then the object in the cluster; a name already taken and a view-only server said
 * plainly before anything is written.
 */
describe('create Istio config (mesh-sim bookinfo + server + Chromium)', () => {
  let viewOnlyServer: RunningServer | undefined;
  const e2e = e2eStack({
    async setup(stack) {
      viewOnlyServer = await startViewOnlyServer(stack);
    },
    teardown: async () => viewOnlyServer?.child.stop(),
  });
  const list = async (resource: string) =>
    JSON.parse(
      await kubectl(e2e.stack.kubeconfig, ['get', resource, '-n', 'bookinfo', '-o', 'json']),
    ) as ObjectList;

  async function open(colorScheme: ColorScheme = 'light', baseUrl = e2e.stack.urls.sextant) {
    return new CreateConfigPage(await e2e.newPage({ colorScheme }), baseUrl);
  }

  it('creates a PeerAuthentication from the list: template, edit, dry run, create, in the cluster', async () => {
    const ui = await open();
    await ui.openList('namespaces=bookinfo');
    for (const scheme of ['light', 'dark'] as const) {
      await ui.setTheme(scheme);
      await ui.createButton.click();
      await ui.createMenu.waitFor();
      await ui.page.screenshot({ path: screenshotPath(`create-menu-${scheme}`) });
      await ui.page.keyboard.press('Escape');
    }
    await ui.setTheme('light');
    await ui.createFromList('PeerAuthentication');
    expect(new URL(ui.page.url()).pathname + new URL(ui.page.url()).search).toBe(
      '/istio/new?namespace=bookinfo&kind=peerauthentications',
    );

    const template = await ui.yamlText();
    expect(template).toMatch(/kind: PeerAuthentication/);
    expect(template).toMatch(/namespace: bookinfo/);
    expect(template).toMatch(/mode: STRICT/);
    expect(await ui.liveChecked()).toMatch(/No problems/);

    await ui.setYaml(template.replace('mode: STRICT', 'mode: PERMISSIVE'));
    expect(await ui.liveChecked()).toMatch(/No problems/);
    expect(await ui.createNewButton.isDisabled()).toBe(true);
    expect(await ui.createReasons.innerText()).toMatch(/Review the new object/);

    await ui.reviewNewButton.click();
    await ui.toCreate('PeerAuthentication').waitFor();
    expect(await ui.dryRun.innerText()).toMatch(/Valid[\s\S]*Kubernetes accepted the object/);
    expect(await ui.toCreate('PeerAuthentication').innerText()).toMatch(/\+\s*mode: PERMISSIVE/);
    await expect.poll(async () => ui.createNewButton.isEnabled()).toBe(true);
    await screenshotsLightDark(ui, 'create-peerauthentication-review');

    await ui.createNewButton.click();
    await ui.page.waitForURL(/\/istio\/bookinfo\/peerauthentications\/default$/);
    await ui.page.getByRole('heading', { level: 1, name: 'default' }).waitFor();
    const stored = (await list('peerauthentication')).items.find((o) => o.metadata.name === 'default');
    expect(stored?.spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
  });

  it('says a name is taken (409) and links to the object holding it', async () => {
    const ui = await open();
    await ui.openNew('bookinfo', 'peerauthentications', 'PeerAuthentication');
    // The template avoids names already taken…
    const template = await ui.yamlText();
    expect(template).toMatch(/name: default-2/);
    // …a name typed over it is marked on its line by the live check, and the dry run refuses it.
    await ui.setYaml(template.replace('name: default-2', 'name: default'));
    await ui.liveChecked();
    const nameLine = await ui.lineOf('name: default');
    await ui.yamlProblems.getByText(new RegExp(`Error · line ${nameLine}:[\\s\\S]*already exists`)).waitFor();
    await ui.reviewNewButton.click();
    const taken = ui.page.getByRole('alert').filter({ hasText: 'The name default is taken' });
    await taken.waitFor();
    expect(await taken.innerText()).toMatch(/a PeerAuthentication default already exists in bookinfo/);
    expect(await ui.createReasons.innerText()).toMatch(/The name is taken/);
    await screenshotsLightDark(ui, 'create-name-taken', ui.page.getByRole('region', { name: 'Review' }));
    await taken.getByRole('link', { name: 'open PeerAuthentication default' }).click();
    await ui.page.waitForURL(/\/istio\/bookinfo\/peerauthentications\/default$/);
  });

  it('marks a schema error and a wrong namespace on their lines while typing, before any review', async () => {
    const ui = await open();
    await ui.openNew('bookinfo', 'peerauthentications', 'PeerAuthentication');
    const template = await ui.yamlText();
    await ui.setYaml(template.replace('mode: STRICT', 'mode: SOMETIMES'));
    expect(await ui.liveChecked()).toMatch(/1 error/);
    const modeLine = await ui.lineOf('mode: SOMETIMES');
    await ui.yamlProblems.getByText(new RegExp(`Error · line ${modeLine}:[\\s\\S]*SOMETIMES`)).waitFor();
    expect(await (await ui.lintTooltipAt('SOMETIMES')).innerText()).toMatch(/STRICT/);
    await screenshotsLightDark(ui, 'create-schema-error');

    await ui.setYaml(template.replace('namespace: bookinfo', 'namespace: default'));
    const nsLine = await ui.lineOf('namespace: default');
    await ui.yamlProblems
      .getByText(new RegExp(`Error · line ${nsLine}:[\\s\\S]*must be bookinfo[\\s\\S]*not default`))
      .waitFor();
    expect(await ui.createNewButton.isDisabled()).toBe(true);
    expect(await ui.createReasons.innerText()).toMatch(/metadata.namespace must be bookinfo/);
    // The server says the same (400) when asked anyway.
    await ui.reviewNewButton.click();
    const refused = ui.page.getByRole('alert').filter({ hasText: 'The dry run refused it' });
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/metadata\.namespace[\s\S]*must be "bookinfo"/);
  });

  it('shows the warning of an AuthorizationPolicy whose selector matches no workload, and creates it', async () => {
    const ui = await open();
    await ui.openNew('bookinfo', 'authorizationpolicies', 'AuthorizationPolicy');
    const template = await ui.yamlText();
    expect(template).toMatch(/action: ALLOW/);
    expect(await ui.liveChecked()).toMatch(/No problems/);
    const app = /app: (\S+)/.exec(template)![1]!;
    await ui.setYaml(
      template.replaceAll(`app: ${app}`, 'app: nothing-here').replace(/name: \S+/, 'name: nobody-allowed'),
    );
    expect(await ui.liveChecked()).toMatch(/1 warning/);
    await ui.reviewNewButton.click();
    await ui.toCreate('AuthorizationPolicy').waitFor();
    expect(await ui.dryRun.innerText()).toMatch(
      /Warning:.*No workload in namespace bookinfo has labels app=nothing-here/,
    );
    // A warning informs; it does not block.
    await expect.poll(async () => ui.createNewButton.isEnabled()).toBe(true);
    await screenshotsLightDark(ui, 'create-authorizationpolicy-warning');
    await ui.createNewButton.click();
    await ui.page.waitForURL(/\/istio\/bookinfo\/authorizationpolicies\/nobody-allowed$/);
    expect((await list('authorizationpolicy')).items.map((o) => o.metadata.name)).toContain('nobody-allowed');
  });

  it('creates a VirtualService through the form, aimed at a service without one', async () => {
    const ui = await open();
    await ui.openList('namespaces=bookinfo,default');
    await ui.createFromList('VirtualService', 'bookinfo');
    expect(await ui.formTab.getAttribute('aria-selected')).toBe('true');
    const aim = ui.page.getByRole('combobox', { name: 'Template for service' });
    const service = await aim.inputValue();
    expect(service).not.toBe('');
    await ui.route(1).getByRole('textbox', { name: 'Timeout', exact: true }).fill('2s');
    await screenshotsLightDark(ui, 'create-virtualservice-form');
    // The form wrote into the one YAML text: the template's fields and the edit are both there.
    await ui.yamlTab.click();
    const text = await ui.yamlText();
    expect(text).toMatch(new RegExp(`hosts:\\n\\s+- ${service}`));
    expect(text).toMatch(/timeout: 2s/);
    await ui.reviewNewButton.click();
    await ui.toCreate('VirtualService').waitFor();
    await expect.poll(async () => ui.createNewButton.isEnabled()).toBe(true);
    await ui.createNewButton.click();
    await ui.page.waitForURL(new RegExp(`/istio/bookinfo/virtualservices/${service}$`));
    const stored = (await list('virtualservice')).items.find((o) => o.metadata.name === service);
    expect(stored?.spec).toEqual({
      hosts: [service],
      http: [{ route: [{ destination: { host: service } }], timeout: '2s' }],
    });
  });

  it.each([
    ['virtualservices', 'VirtualService'],
    ['destinationrules', 'DestinationRule'],
    ['gateways', 'Gateway'],
    ['serviceentries', 'ServiceEntry'],
    ['sidecars', 'Sidecar'],
    ['peerauthentications', 'PeerAuthentication'],
    ['authorizationpolicies', 'AuthorizationPolicy'],
    ['requestauthentications', 'RequestAuthentication'],
  ])('starts %s from a template the live dry run accepts as it stands', async (resource, kind) => {
    const ui = await open();
    await ui.openNew('bookinfo', resource, kind);
    if ((await ui.formTab.count()) > 0) await ui.yamlTab.click();
    expect(await ui.yamlText()).toMatch(new RegExp(`kind: ${kind}\\n`));
    expect(await ui.liveChecked()).toMatch(/No problems/);
  });

  it('disables Create on a view-only server with the reason, before anything is tried', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const ui = await open(scheme, viewOnlyServer!.url);
      await ui.openNew('bookinfo', 'sidecars', 'Sidecar');
      await ui.page.getByRole('status').filter({ hasText: 'View-only' }).first().waitFor();
      expect(await ui.createNewButton.isDisabled()).toBe(true);
      expect(await ui.reviewNewButton.isDisabled()).toBe(true);
      expect(await ui.createReasons.innerText()).toMatch(/view-only/i);
      await ui.page.screenshot({ path: screenshotPath(`create-view-only-${scheme}`), fullPage: true });
    }
    expect((await list('sidecar')).items).toEqual([]);
  });
});
