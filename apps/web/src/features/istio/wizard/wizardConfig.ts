import {
  generateFaultInjection,
  generateHeaderRoute,
  generateRequestTimeout,
  generateTrafficShift,
  type GeneratedConfig,
  type StringMatchKind,
  type WizardSubset,
} from '@sextant/mesh';

/** What the service wizard creates; `shift` is the traffic shift it started as. */
export type WizardKind = 'shift' | 'header' | 'fault' | 'timeout';
export const WIZARD_KINDS: readonly WizardKind[] = ['shift', 'header', 'fault', 'timeout'];
export const WIZARD_TITLES: Record<WizardKind, string> = {
  shift: 'Traffic shift',
  header: 'Route by header',
  fault: 'Inject fault',
  timeout: 'Set timeout',
};

export const isWizardKind = (value: string | null | undefined): value is WizardKind =>
  (WIZARD_KINDS as readonly (string | null | undefined)[]).includes(value);

/** Everything the wizard's fields hold, for every kind; each kind reads only its own part. */
export interface WizardOptions {
  header: { name: string; kind: StringMatchKind; value: string; subset: string };
  delay: { enabled: boolean; percentage: number; fixedDelay: string };
  abort: { enabled: boolean; percentage: number; httpStatus: number };
  timeout: string;
  retries: { enabled: boolean; attempts: number; perTryTimeout: string; retryOn: string };
}

export function defaultWizardOptions(versions: readonly string[]): WizardOptions {
  return {
    header: { name: 'end-user', kind: 'exact', value: '', subset: versions[versions.length - 1] ?? '' },
    delay: { enabled: true, percentage: 100, fixedDelay: '5s' },
    abort: { enabled: false, percentage: 10, httpStatus: 503 },
    timeout: '10s',
    retries: { enabled: false, attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' },
  };
}

const DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;
const percentOk = (p: number) => Number.isFinite(p) && p >= 0 && p <= 100;

/** Why the options cannot be generated yet, in words; empty: they can. */
export function wizardOptionProblems(
  kind: WizardKind,
  o: WizardOptions,
  versions: readonly string[],
): string[] {
  switch (kind) {
    case 'shift':
      return [];
    case 'header':
      return [
        ...(o.header.name.trim() === '' ? ['Header name is empty'] : []),
        ...(o.header.value === '' ? ['Header value is empty'] : []),
        ...(versions.includes(o.header.subset) ? [] : ['Pick the version matching requests go to']),
      ];
    case 'fault':
      return [
        ...(!o.delay.enabled && !o.abort.enabled ? ['Choose a delay, an abort, or both'] : []),
        ...(o.delay.enabled && !percentOk(o.delay.percentage) ? ['Delay percentage must be 0–100'] : []),
        ...(o.delay.enabled && !DURATION.test(o.delay.fixedDelay)
          ? ['Delay must be a duration like 5s']
          : []),
        ...(o.abort.enabled && !percentOk(o.abort.percentage) ? ['Abort percentage must be 0–100'] : []),
        ...(o.abort.enabled && !(o.abort.httpStatus >= 200 && o.abort.httpStatus <= 599)
          ? ['Abort status must be 200–599']
          : []),
      ];
    case 'timeout':
      return [
        ...(DURATION.test(o.timeout) ? [] : ['Timeout must be a duration like 10s']),
        ...(o.retries.enabled && !(Number.isInteger(o.retries.attempts) && o.retries.attempts >= 0)
          ? ['Retry attempts must be a whole number']
          : []),
        ...(o.retries.enabled && o.retries.perTryTimeout !== '' && !DURATION.test(o.retries.perTryTimeout)
          ? ['Per-try timeout must be a duration like 2s']
          : []),
      ];
  }
}

export function generateWizardConfig(
  kind: WizardKind,
  target: { namespace: string; service: string; subsets: readonly WizardSubset[] },
  o: WizardOptions,
): GeneratedConfig {
  switch (kind) {
    case 'shift':
      return generateTrafficShift(target);
    case 'header':
      return generateHeaderRoute({
        ...target,
        header: { name: o.header.name.trim(), kind: o.header.kind, value: o.header.value },
        subset: o.header.subset,
      });
    case 'fault':
      return generateFaultInjection({
        ...target,
        delay: o.delay.enabled
          ? { percentage: o.delay.percentage, fixedDelay: o.delay.fixedDelay }
          : undefined,
        abort: o.abort.enabled
          ? { percentage: o.abort.percentage, httpStatus: o.abort.httpStatus }
          : undefined,
      });
    case 'timeout':
      return generateRequestTimeout({
        ...target,
        timeout: o.timeout,
        retries: o.retries.enabled
          ? {
              attempts: o.retries.attempts,
              ...(o.retries.perTryTimeout ? { perTryTimeout: o.retries.perTryTimeout } : {}),
              ...(o.retries.retryOn ? { retryOn: o.retries.retryOn } : {}),
            }
          : undefined,
      });
  }
}
