import { describe, expect, it } from 'vitest';
import {
  defaultWizardOptions,
  generateWizardConfig,
  withRulePlan,
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
  const messages = (...args: Parameters<typeof wizardOptionProblems>) =>
    wizardOptionProblems(...args).map((p) => p.message);
  it('defaults to the last version and needs a header value', () => {
    expect(defaultWizardOptions(versions).header.subset).toBe('v3');
    expect(wizardOptionProblems('header', opts(), versions)).toEqual([
      { field: 'header.value', message: 'Header value: enter the value to match, e.g. jason' },
    ]);
  });
  it.each<[string, WizardOptions['header'], string[]]>([
    ['a valid header', { name: 'end-user', kind: 'exact', value: 'jason', subset: 'v2' }, []],
    [
      'an empty name',
      { name: ' ', kind: 'exact', value: 'jason', subset: 'v2' },
      ['Header name: enter the header to match, e.g. end-user'],
    ],
    [
      'a name with a space',
      { name: 'end user', kind: 'exact', value: 'jason', subset: 'v2' },
      ['Header name: letters, digits and dashes only, e.g. end-user'],
    ],
    [
      'a version the service does not have',
      { name: 'end-user', kind: 'exact', value: 'jason', subset: 'v9' },
      ['Route matching requests to: pick a version'],
    ],
  ])('header: %s', (_what, header, expected) => {
    expect(messages('header', opts({ header }), versions)).toEqual(expected);
  });
  it('refuses a fault with neither delay nor abort, and bad values, naming the field', () => {
    const o = opts();
    expect(messages('fault', { ...o, delay: { ...o.delay, enabled: false } }, versions)).toEqual([
      'Choose a delay, an abort, or both',
    ]);
    expect(messages('fault', { ...o, delay: { ...o.delay, fixedDelay: '5 sec' } }, versions)).toEqual([
      'Fixed delay: a duration like 5s',
    ]);
    expect(
      messages('fault', { ...o, abort: { enabled: true, percentage: 150, httpStatus: 99 } }, versions),
    ).toEqual(['Abort %: a number from 0 to 100', 'Abort HTTP status: a status code from 200 to 599']);
    // Values of a disabled part do not matter.
    expect(
      messages('fault', { ...o, abort: { enabled: false, percentage: 150, httpStatus: 99 } }, versions),
    ).toEqual([]);
  });
  it('checks the timeout and retries', () => {
    expect(wizardOptionProblems('timeout', opts(), versions)).toEqual([]);
    expect(wizardOptionProblems('timeout', opts({ timeout: '10' }), versions)).toEqual([
      { field: 'timeout', message: 'Timeout: a duration like 10s' },
    ]);
    const o = opts();
    expect(
      messages(
        'timeout',
        { ...o, retries: { ...o.retries, enabled: true, attempts: 0, perTryTimeout: '2' } },
        versions,
      ),
    ).toEqual(['Retry attempts: a whole number, 1 or more', 'Per-try timeout: a duration like 2s']);
  });
});

describe('withRulePlan', () => {
  const config = generateWizardConfig('timeout', target, opts());
  it('keeps the DestinationRule unless one defining the subsets is there', () => {
    expect(withRulePlan(config, { action: 'create' })).toBe(config);
    expect(withRulePlan(config, { action: 'reuse', name: 'reviews' })).toEqual({
      virtualService: config.virtualService,
    });
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
