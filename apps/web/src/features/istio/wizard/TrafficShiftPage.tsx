import type { IstioDryRun, Validation } from '@sextant/contracts';
import { evenWeights, rebalanceWeights, STRING_MATCH_KINDS, type GeneratedConfig } from '@sextant/mesh';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { isApiError, type ApiError } from '../../../api/apiError.ts';
import { createObject, dryRunCreate, istioConfigKeys } from '../../../api/istioConfig.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { Link } from '../../../components/Link.tsx';
import { navigate } from '../../../lib/router.ts';
import { DiffView } from '../editor/DiffView.tsx';
import { additionLines } from '../editor/diffContext.ts';
import { istioDetailsHref } from '../listUrlState.ts';
import { ValidationBadge } from '../ValidationBadge.tsx';
import { NumberField, SelectField, TextField } from '../editor/fields.tsx';
import { parseTrafficShiftTarget } from './trafficShiftUrl.ts';
import {
  defaultWizardOptions,
  generateWizardConfig,
  isWizardKind,
  WIZARD_KINDS,
  WIZARD_TITLES,
  wizardOptionProblems,
  type WizardKind,
  type WizardOptions,
} from './wizardConfig.ts';

type Step =
  | { status: 'edit' }
  | { status: 'reviewing' }
  | { status: 'reviewed'; dr?: IstioDryRun; vs: IstioDryRun }
  | { status: 'failed'; error: ApiError };

/**
 * Weighted routing across a service's versions: a new DestinationRule (the subsets) and
 * VirtualService (the weights), dry-run first, then created DestinationRule first so the routes
 * never point at an undefined subset.
 */
export function TrafficShiftPage({ search }: { search: string }) {
  const target = parseTrafficShiftTarget(search);
  if (!target || target.versions.length === 0) {
    return (
      <EmptyState title="Nothing to shift">
        Open this wizard from a service or app in the <Link href="/graph">traffic graph</Link>; it needs the
        service&apos;s versions.
      </EmptyState>
    );
  }
  return <Wizard key={search} {...target} />;
}

function Wizard({
  namespace,
  service,
  versions,
  kind: initialKind = 'shift',
}: {
  namespace: string;
  service: string;
  versions: string[];
  kind?: WizardKind;
}) {
  const queryClient = useQueryClient();
  const [weights, setWeights] = useState(() => evenWeights(versions.length));
  const [kind, setKind] = useState<WizardKind>(initialKind);
  const [options, setOptions] = useState<WizardOptions>(() => defaultWizardOptions(versions));
  const [step, setStep] = useState<Step>({ status: 'edit' });
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<{ error: ApiError; createdRule: boolean } | undefined>();
  const generated: GeneratedConfig = useMemo(
    () =>
      generateWizardConfig(
        kind,
        {
          namespace,
          service,
          subsets: versions.map((v, i) => ({ name: v, labels: { version: v }, weight: weights[i] })),
        },
        options,
      ),
    [kind, namespace, service, versions, weights, options],
  );
  const change = (next: number[]) => {
    setWeights(next);
    setStep({ status: 'edit' });
  };
  const changeOptions = (next: WizardOptions) => {
    setOptions(next);
    setStep({ status: 'edit' });
  };
  const optionProblems = wizardOptionProblems(kind, options, versions);
  const sum = weights.reduce((a, b) => a + b, 0);

  const review = async () => {
    setStep({ status: 'reviewing' });
    try {
      const dr = generated.destinationRule
        ? await dryRunCreate(namespace, 'destinationrules', generated.destinationRule)
        : undefined;
      const vs = await dryRunCreate(namespace, 'virtualservices', generated.virtualService);
      setStep({ status: 'reviewed', dr, vs });
    } catch (error) {
      if (!isApiError(error)) throw error;
      setStep({ status: 'failed', error });
    }
  };

  const findings: Validation[] =
    step.status === 'reviewed' ? [...(step.dr?.validations ?? []), ...step.vs.validations] : [];
  // The VirtualService is checked before its DestinationRule exists: its own subsets are not an error.
  const ownSubsets = new Set(versions);
  const resolved = (v: Validation) => v.code === 'VS_SUBSET_NOT_FOUND' && ownSubsets.has(subsetOf(v.message));
  const shown = findings.filter((v) => !resolved(v));
  const blocking = shown.filter((v) => v.severity === 'error');
  const reasons = [
    ...(sum !== 100 ? [`Weights sum to ${sum}, not 100`] : []),
    ...optionProblems,
    ...(step.status !== 'reviewed' ? ['Review the generated config (dry run) first'] : []),
    ...(blocking.length > 0 ? [`The dry run found ${blocking.length} error(s)`] : []),
  ];

  const apply = async () => {
    setApplying(true);
    setApplyError(undefined);
    let createdRule = false;
    try {
      if (generated.destinationRule) {
        await createObject(namespace, 'destinationrules', generated.destinationRule);
        createdRule = true;
      }
      await createObject(namespace, 'virtualservices', generated.virtualService);
      void queryClient.invalidateQueries({ queryKey: istioConfigKeys.all });
      navigate(istioDetailsHref(namespace, 'virtualservices', service));
    } catch (error) {
      if (!isApiError(error)) throw error;
      setApplyError({ error, createdRule });
      if (createdRule) void queryClient.invalidateQueries({ queryKey: istioConfigKeys.all });
    } finally {
      setApplying(false);
    }
  };

  return (
    <section className="page" aria-labelledby="wizard-heading">
      <header className="page__header">
        <p className="breadcrumb">
          <Link href={`/istio?namespaces=${encodeURIComponent(namespace)}`}>Istio config</Link> / {namespace}
        </p>
        <h1 id="wizard-heading">
          {WIZARD_TITLES[kind]} for {service}
        </h1>
        <p className="page__lede">
          Creates DestinationRule {service} (one subset per version) and VirtualService {service} (
          {LEDE[kind]}).
        </p>
      </header>
      <div className="editor">
        <div className="editor__body">
          <fieldset className="form" aria-label="Wizard">
            <label className="field">
              <span>What to create</span>
              <select
                value={kind}
                onChange={(e) => {
                  setKind(isWizardKind(e.target.value) ? e.target.value : 'shift');
                  setStep({ status: 'edit' });
                }}
              >
                {WIZARD_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {WIZARD_TITLES[k]}
                  </option>
                ))}
              </select>
            </label>
            <KindFields kind={kind} options={options} versions={versions} onChange={changeOptions} />
          </fieldset>
          <fieldset className="form" aria-label="Weights">
            {versions.map((v, i) => (
              <div key={v} className="form__row wizard__weight">
                <span className="wizard__version">{v}</span>
                <input
                  type="range"
                  min={0}
                  max={100}
                  value={weights[i]}
                  aria-label={`Weight slider of ${v}`}
                  onChange={(e) => change(rebalanceWeights(weights, i, Number(e.target.value)))}
                />
                <input
                  type="number"
                  min={0}
                  max={100}
                  value={weights[i]}
                  aria-label={`Weight of ${v}`}
                  onChange={(e) => change(weights.map((w, k) => (k === i ? Number(e.target.value) : w)))}
                />
                <span className="muted">%</span>
              </div>
            ))}
            {sum !== 100 && <p className="field__error">Weights sum to {sum}, not 100.</p>}
          </fieldset>
        </div>
        <section className="review" aria-label="Review">
          <div className="review__actions">
            <button
              type="button"
              className="button"
              disabled={sum !== 100 || optionProblems.length > 0 || step.status === 'reviewing'}
              onClick={() => void review()}
            >
              {step.status === 'reviewing' ? 'Running dry run…' : 'Review changes'}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={reasons.length > 0 || applying}
              onClick={() => void apply()}
            >
              {applying ? 'Creating…' : 'Apply'}
            </button>
          </div>
          {reasons.length > 0 && (
            <ul className="review__blockers" aria-label="Why Apply is disabled">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
          {step.status === 'failed' && (
            <div className="write-error" role="alert">
              <strong>The dry run failed:</strong> {step.error.message}
              <AlreadyExists error={step.error} namespace={namespace} service={service} />
            </div>
          )}
          {applyError && (
            <div className="write-error" role="alert">
              <strong>Creating failed:</strong> {applyError.error.message}
              {applyError.createdRule && (
                <>
                  {' '}
                  DestinationRule{' '}
                  <Link href={istioDetailsHref(namespace, 'destinationrules', service)}>{service}</Link> was
                  created; the VirtualService was not.
                </>
              )}
              <AlreadyExists error={applyError.error} namespace={namespace} service={service} />
            </div>
          )}
          {step.status === 'reviewed' && (
            <div className="review__result">
              <h2 className="review__title">Dry run</h2>
              {shown.length === 0 ? (
                <p>
                  <span className="badge badge--sev-valid">✓ Valid</span> Kubernetes accepts both objects.
                </p>
              ) : (
                <ValidationBadge validations={shown} />
              )}
              {findings.length > shown.length && (
                <p className="muted">
                  The VirtualService alone routes to subsets {versions.join(', ')} that do not exist yet; the
                  DestinationRule, created first, defines them.
                </p>
              )}
              {step.dr && (
                <>
                  <h2 className="review__title">New DestinationRule {service}</h2>
                  <DiffView
                    label="DestinationRule to create"
                    lines={step.dr.diff ?? additionLines(step.dr.object)}
                  />
                </>
              )}
              <h2 className="review__title">New VirtualService {service}</h2>
              <DiffView
                label="VirtualService to create"
                lines={step.vs.diff ?? additionLines(step.vs.object)}
              />
            </div>
          )}
        </section>
      </div>
    </section>
  );
}

const LEDE: Record<WizardKind, string> = {
  shift: 'the weights',
  header: 'requests with the header to one version, the rest by weight',
  fault: 'delays and/or aborts injected on top of the weights',
  timeout: 'a request timeout, optional retries, on top of the weights',
};

function KindFields({
  kind,
  options: o,
  versions,
  onChange,
}: {
  kind: WizardKind;
  options: WizardOptions;
  versions: string[];
  onChange: (options: WizardOptions) => void;
}) {
  if (kind === 'header') {
    const set = (h: Partial<WizardOptions['header']>) => onChange({ ...o, header: { ...o.header, ...h } });
    return (
      <div className="form__row" role="group" aria-label="Header match">
        <TextField
          label="Header name"
          value={o.header.name || undefined}
          onChange={(v) => set({ name: v ?? '' })}
        />
        <SelectField
          label="Header match kind"
          value={o.header.kind}
          options={STRING_MATCH_KINDS}
          onChange={(v) => set({ kind: v ?? 'exact' })}
        />
        <TextField
          label="Header value"
          value={o.header.value || undefined}
          onChange={(v) => set({ value: v ?? '' })}
        />
        <SelectField
          label="Route matching requests to"
          value={o.header.subset || undefined}
          options={versions}
          onChange={(v) => set({ subset: v ?? '' })}
        />
      </div>
    );
  }
  if (kind === 'fault') {
    const setDelay = (d: Partial<WizardOptions['delay']>) => onChange({ ...o, delay: { ...o.delay, ...d } });
    const setAbort = (a: Partial<WizardOptions['abort']>) => onChange({ ...o, abort: { ...o.abort, ...a } });
    return (
      <>
        <div className="form__row" role="group" aria-label="Delay">
          <label className="field">
            <input
              type="checkbox"
              checked={o.delay.enabled}
              onChange={(e) => setDelay({ enabled: e.target.checked })}
            />
            <span>Inject delay</span>
          </label>
          <NumberField
            label="Delay %"
            value={o.delay.percentage}
            min={0}
            max={100}
            onChange={(v) => setDelay({ percentage: v ?? 0 })}
          />
          <TextField
            label="Fixed delay"
            value={o.delay.fixedDelay || undefined}
            onChange={(v) => setDelay({ fixedDelay: v ?? '' })}
          />
        </div>
        <div className="form__row" role="group" aria-label="Abort">
          <label className="field">
            <input
              type="checkbox"
              checked={o.abort.enabled}
              onChange={(e) => setAbort({ enabled: e.target.checked })}
            />
            <span>Inject abort</span>
          </label>
          <NumberField
            label="Abort %"
            value={o.abort.percentage}
            min={0}
            max={100}
            onChange={(v) => setAbort({ percentage: v ?? 0 })}
          />
          <NumberField
            label="Abort HTTP status"
            value={o.abort.httpStatus}
            min={200}
            max={599}
            onChange={(v) => setAbort({ httpStatus: v ?? 0 })}
          />
        </div>
      </>
    );
  }
  if (kind === 'timeout') {
    const setRetries = (r: Partial<WizardOptions['retries']>) =>
      onChange({ ...o, retries: { ...o.retries, ...r } });
    return (
      <div className="form__row" role="group" aria-label="Timeout and retries">
        <TextField
          label="Timeout"
          value={o.timeout || undefined}
          onChange={(v) => onChange({ ...o, timeout: v ?? '' })}
        />
        <label className="field">
          <input
            type="checkbox"
            checked={o.retries.enabled}
            onChange={(e) => setRetries({ enabled: e.target.checked })}
          />
          <span>Retry</span>
        </label>
        <NumberField
          label="Retry attempts"
          value={o.retries.attempts}
          min={0}
          onChange={(v) => setRetries({ attempts: v ?? 0 })}
        />
        <TextField
          label="Per-try timeout"
          value={o.retries.perTryTimeout || undefined}
          onChange={(v) => setRetries({ perTryTimeout: v ?? '' })}
        />
        <TextField
          label="Retry on"
          value={o.retries.retryOn || undefined}
          onChange={(v) => setRetries({ retryOn: v ?? '' })}
        />
      </div>
    );
  }
  return null;
}

const subsetOf = (message: string) => /"([^"]+)"/.exec(message)?.[1] ?? '';

/** The wizard only creates; when the objects exist already, point at their editors instead. */
function AlreadyExists({
  error,
  namespace,
  service,
}: {
  error: ApiError;
  namespace: string;
  service: string;
}) {
  if (error.status !== 409) return null;
  return (
    <p>
      {service} already has routing config: edit VirtualService{' '}
      <Link href={istioDetailsHref(namespace, 'virtualservices', service)}>{service}</Link> or DestinationRule{' '}
      <Link href={istioDetailsHref(namespace, 'destinationrules', service)}>{service}</Link> instead.
    </p>
  );
}
