import { describe, expect, it } from 'vitest';
import {
  defaultWizardOptions,
  generateWizardConfig,
  wizardOptionProblems,
  type WizardOptions,
} from './wizardConfig.ts';

const versions = ['v1', 'v2', 'v3'];
const target = {
  namespace: 'bookinfo',
  service: 'reviews',
  subsets: versions.map((v) => ({ name: v, labels: { version: v } })),
};
const opts = (patch: Partial<WizardOptions> = {}): WizardOptions => ({
  ...defaultWizardOptions(versions),
  ...patch,
});

describe('wizardOptionProblems', () => {
  it('defaults to the last version and needs a header value', () => {
    expect(defaultWizardOptions(versions).header.subset).toBe('v3');
    expect(wizardOptionProblems('header', opts(), versions)).toEqual(['Header value is empty']);
  });
  it('refuses a fault with neither delay nor abort, and bad durations', () => {
    const o = opts();
    expect(wizardOptionProblems('fault', { ...o, delay: { ...o.delay, enabled: false } }, versions)).toEqual([
      'Choose a delay, an abort, or both',
    ]);
    expect(
      wizardOptionProblems('fault', { ...o, delay: { ...o.delay, fixedDelay: '5 sec' } }, versions),
    ).toEqual(['Delay must be a duration like 5s']);
  });
  it('checks the timeout', () => {
    expect(wizardOptionProblems('timeout', opts(), versions)).toEqual([]);
    expect(wizardOptionProblems('timeout', opts({ timeout: '10' }), versions)).toEqual([
      'Timeout must be a duration like 10s',
    ]);
  });
});

describe('generateWizardConfig', () => {
  it('routes a header to one subset, the rest by weight', () => {
    const o = opts();
    const { virtualService, destinationRule } = generateWizardConfig('header', target, {
      ...o,
      header: { ...o.header, name: 'End-User', value: 'jason' },
    });
    expect(destinationRule?.spec?.subsets?.map((s) => s.name)).toEqual(versions);
    const http = virtualService.spec?.http ?? [];
    expect(http[0]?.match?.[0]?.headers).toEqual({ 'end-user': { exact: 'jason' } });
    expect(http[0]?.route).toEqual([{ destination: { host: 'reviews', subset: 'v3' } }]);
    expect(http[1]?.route).toHaveLength(3);
  });
  it('injects only the enabled faults', () => {
    const o = opts();
    const { virtualService } = generateWizardConfig('fault', target, {
      ...o,
      abort: { ...o.abort, enabled: true },
    });
    expect(virtualService.spec?.http?.[0]?.fault).toEqual({
      delay: { percentage: { value: 100 }, fixedDelay: '5s' },
      abort: { percentage: { value: 10 }, httpStatus: 503 },
    });
  });
  it('sets a timeout, retries only when enabled', () => {
    const o = opts();
    expect(generateWizardConfig('timeout', target, o).virtualService.spec?.http?.[0]).not.toHaveProperty(
      'retries',
    );
    const withRetries = generateWizardConfig('timeout', target, {
      ...o,
      retries: { ...o.retries, enabled: true },
    });
    expect(withRetries.virtualService.spec?.http?.[0]).toMatchObject({
      timeout: '10s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' },
    });
  });
});
