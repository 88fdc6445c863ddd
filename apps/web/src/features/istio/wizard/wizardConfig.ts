import {
  generateFaultInjection,
  generateHeaderRoute,
  generateRequestTimeout,
  generateTrafficShift,
  type DestinationRulePlan,
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
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const percentOk = (p: number) => Number.isFinite(p) && p >= 0 && p <= 100;

/** The wizard field a problem belongs to, for showing it there. */
export type WizardField =
  | 'header.name'
  | 'header.value'
  | 'header.subset'
  | 'fault'
  | 'delay.percentage'
  | 'delay.fixedDelay'
  | 'abort.percentage'
  | 'abort.httpStatus'
  | 'timeout'
  | 'retries.attempts'
  | 'retries.perTryTimeout';

/** Each message starts with the field's label, so the list under Apply says where to look. */
export interface WizardProblem {
  field: WizardField;
  message: string;
}

const problem = (field: WizardField, message: string): WizardProblem[] => [{ field, message }];

/** Why the options cannot be generated yet, in words naming the field; empty: they can. */
export function wizardOptionProblems(
  kind: WizardKind,
  o: WizardOptions,
  versions: readonly string[],
): WizardProblem[] {
  switch (kind) {
    case 'shift':
      return [];
    case 'header': {
      const name = o.header.name.trim();
      return [
        ...(name === ''
          ? problem('header.name', 'Header name: enter the header to match, e.g. end-user')
          : HEADER_NAME.test(name)
            ? []
            : problem('header.name', 'Header name: letters, digits and dashes only, e.g. end-user')),
        ...(o.header.value === ''
          ? problem('header.value', 'Header value: enter the value to match, e.g. jason')
          : []),
        ...(versions.includes(o.header.subset)
          ? []
          : problem('header.subset', 'Route matching requests to: pick a version')),
      ];
    }
    case 'fault':
      return [
        ...(!o.delay.enabled && !o.abort.enabled
          ? problem('fault', 'Choose a delay, an abort, or both')
          : []),
        ...(o.delay.enabled && !percentOk(o.delay.percentage)
          ? problem('delay.percentage', 'Delay %: a number from 0 to 100')
          : []),
        ...(o.delay.enabled && !DURATION.test(o.delay.fixedDelay)
          ? problem('delay.fixedDelay', 'Fixed delay: a duration like 5s')
          : []),
        ...(o.abort.enabled && !percentOk(o.abort.percentage)
          ? problem('abort.percentage', 'Abort %: a number from 0 to 100')
          : []),
        ...(o.abort.enabled &&
        !(Number.isInteger(o.abort.httpStatus) && o.abort.httpStatus >= 200 && o.abort.httpStatus <= 599)
          ? problem('abort.httpStatus', 'Abort HTTP status: a status code from 200 to 599')
          : []),
      ];
    case 'timeout':
      return [
        ...(DURATION.test(o.timeout) ? [] : problem('timeout', 'Timeout: a duration like 10s')),
        ...(o.retries.enabled && !(Number.isInteger(o.retries.attempts) && o.retries.attempts >= 1)
          ? problem('retries.attempts', 'Retry attempts: a whole number, 1 or more')
          : []),
        ...(o.retries.enabled && o.retries.perTryTimeout !== '' && !DURATION.test(o.retries.perTryTimeout)
          ? problem('retries.perTryTimeout', 'Per-try timeout: a duration like 2s')
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

/** The objects to create: without the DestinationRule when one defining the subsets is there already. */
export function withRulePlan(config: GeneratedConfig, plan: DestinationRulePlan): GeneratedConfig {
  return plan.action === 'reuse' ? { virtualService: config.virtualService } : config;
}
