import { describe, expect, it } from 'vitest';
import { IstioConfigPage } from './pages/IstioConfigPage.ts';
import { e2eStack } from './support/e2eStack.ts';
import { getObject, kubectl } from '@sextant/testkit';
import { screenshotPath, screenshotsLightDark } from '@sextant/testkit/screenshots';

/** One subset, a FQDN host, and fields the form does not model (they must survive the edit). */
const REVIEWS_RULE = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews.bookinfo.svc.cluster.local
  exportTo: ['.']
  trafficPolicy:
    portLevelSettings:
      - port: { number: 9080 }
        loadBalancer: { simple: LEAST_REQUEST }
  subsets:
    - name: v1
      labels: { version: v1 }
`;

interface Rule {
  spec: {
    host: string;
    exportTo?: string[];
    trafficPolicy?: Record<string, unknown>;
    subsets?: { name: string; labels?: Record<string, string>; trafficPolicy?: Record<string, unknown> }[];
  };
}

describe('DestinationRule form (mesh-sim bookinfo + server + Chromium)', () => {
  const e2e = e2eStack({
    scrapeIntervalSeconds: 2,
    setup: (stack) => kubectl(stack.kubeconfig, ['create', '-f', '-'], REVIEWS_RULE),
  });
  const getRule = () => getObject<Rule>(e2e.stack.kubeconfig, 'dr', 'bookinfo', 'reviews');

  async function open(): Promise<IstioConfigPage> {
    const ui = new IstioConfigPage(await e2e.newPage(), e2e.stack.urls.sextant);
    await ui.openObject('bookinfo', 'destinationrules', 'reviews');
    await ui.destinationRuleForm.waitFor();
    return ui;
  }

  it('suggests labels from the workloads and warns about a subset that matches none', async () => {
    const ui = await open();
    // The FQDN host is read as the reviews Service.
    await ui.page
      .getByText('Service reviews selects 3 workloads: reviews-v1, reviews-v2, reviews-v3')
      .waitFor();
    const host = ui.destinationRuleForm.getByLabel('Host', { exact: true });
    await expect.poll(() => ui.suggestionsOf(host)).toContain('reviews');
    expect(await ui.suggestionsOf(host)).toEqual(
      expect.arrayContaining(['details', 'productpage', 'ratings']),
    );

    const key = ui.drLabel(1, 1, 'key');
    const value = ui.drLabel(1, 1, 'value');
    expect(await ui.suggestionsOf(key)).toEqual(expect.arrayContaining(['app', 'version']));
    expect(await ui.suggestionsOf(value)).toEqual(['v1', 'v2', 'v3']);
    await ui.drSubset(1).getByText('Matches 1 workload: reviews-v1').waitFor();

    await value.fill('v9');
    const warning = ui.drSubset(1).getByText(/Matches no workload of reviews/);
    await warning.waitFor();
    await screenshotsLightDark(ui, 'dr-form-no-match', ui.drSubset(1));
    await value.fill('v1');
    await ui.drSubset(1).getByText('Matches 1 workload: reviews-v1').waitFor();
    expect(await warning.count()).toBe(0);
  });

  it('adds a subset per version, gives v2 its own policy, reviews, applies; unmodelled fields survive', async () => {
    const ui = await open();
    await ui.page.getByText('No subset yet for v2, v3').waitFor();
    await ui.page.getByRole('button', { name: 'Add a subset per version' }).click();
    await ui.drSubset(3).getByText('Matches 1 workload: reviews-v3').waitFor();
    expect(await ui.drSubset(2).getByLabel('Name of subset 2').inputValue()).toBe('v2');
    expect(await ui.page.getByRole('button', { name: 'Add a subset per version' }).isDisabled()).toBe(true);

    // Collapsed by default; opened, the same policy editor as the rule's.
    await ui.drSubset(2).getByText('Subset policy: none').waitFor();
    const policy = await ui.openSubsetPolicy(2);
    await policy.getByRole('spinbutton', { name: 'Consecutive 5xx errors' }).fill('5');
    await policy.getByLabel('Interval').fill('10s');
    await policy.getByLabel('Base ejection time').fill('30s');
    await policy.getByRole('spinbutton', { name: 'Max ejection %' }).fill('50');
    await policy.getByRole('spinbutton', { name: 'HTTP/1 max pending' }).fill('10');

    await screenshotsLightDark(ui, 'dr-form-subsets');

    await ui.reviewButton.click();
    await ui.diff.waitFor();
    const diff = await ui.diff.innerText();
    expect(diff).toMatch(/\+\s*- name: v2/);
    expect(diff).toMatch(/\+\s*consecutive5xxErrors: 5/);
    expect(diff).not.toMatch(/-\s*exportTo/);
    await ui.page.evaluate('window.scrollTo(0, 0)');
    await ui.page.screenshot({ path: screenshotPath('dr-form-review-light'), fullPage: true });
    await expect.poll(async () => ui.applyButton.isEnabled()).toBe(true);
    await ui.applyButton.click();
    await ui.savedNotice.waitFor();

    const rule = await getRule();
    expect(rule.spec.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      {
        name: 'v2',
        labels: { version: 'v2' },
        trafficPolicy: {
          outlierDetection: {
            consecutive5xxErrors: 5,
            interval: '10s',
            baseEjectionTime: '30s',
            maxEjectionPercent: 50,
          },
          connectionPool: { http: { http1MaxPendingRequests: 10 } },
        },
      },
      { name: 'v3', labels: { version: 'v3' } },
    ]);
    expect(rule.spec.host).toBe('reviews.bookinfo.svc.cluster.local');
    expect(rule.spec.exportTo).toEqual(['.']);
    expect(rule.spec.trafficPolicy).toEqual({
      portLevelSettings: [{ port: { number: 9080 }, loadBalancer: { simple: 'LEAST_REQUEST' } }],
    });

    // Read back: the v2 policy shows as a summary, and opens with its values.
    const again = await open();
    await again.drSubset(2).getByText('Subset policy: connection pool · outlier detection').waitFor();
    const reread = await again.openSubsetPolicy(2);
    expect(await reread.getByLabel('Interval').inputValue()).toBe('10s');
  });
});
