import type { IstioDryRun, IstioObjectJson, IstioSetResult, Validation } from '@sextant/contracts';
import {
  evenWeights,
  planDestinationRule,
  STRING_MATCH_KINDS,
  type DestinationRulePlan,
  type GeneratedConfig,
} from '@sextant/mesh';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../../api/apiError.ts';
import { useIstioWrite, type ReviewState } from '../write/useIstioWrite.ts';
import { createSet, istioConfigListQuery } from '../../../api/istioConfig.ts';
import { ALLOWED, firstRefusal, useWriteAccess } from '../../../api/permissions.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { Link } from '../../../components/Link.tsx';
import { navigate } from '../../../lib/router.ts';
import { AffectedObjects } from '../editor/AffectedObjects.tsx';
import { DiffView } from '../editor/DiffView.tsx';
import { additionLines } from '../editor/diffContext.ts';
import { istioDetailsHref } from '../listUrlState.ts';
import { ValidationBadge } from '../ValidationBadge.tsx';
import { ViewOnlyBanner } from '../editor/ViewOnlyBanner.tsx';
import { FieldError, NumberField, SelectField, TextField } from '../editor/fields.tsx';
import { WeightsFieldset } from './WeightsFieldset.tsx';
import { WizardDone, type WrittenObject } from './WizardDone.tsx';
import { parseTrafficShiftTarget, trafficShiftHref, type TrafficShiftTarget } from './trafficShiftUrl.ts';
import {
  defaultWizardOptions,
  generateWizardConfig,
  isWizardKind,
  WIZARD_KINDS,
  WIZARD_TITLES,
  withRulePlan,
  wizardOptionProblems,
  type WizardField,
  type WizardKind,
  type WizardOptions,
  type WizardProblem,
} from './wizardConfig.ts';
import '../istio.css';

type Step =
  | { status: 'edit' }
  | { status: 'reviewing' }
  | { status: 'reviewed'; dr?: IstioDryRun; vs: IstioDryRun; affected: Validation[] }
  | { status: 'failed'; error: ApiError };

/** The wizard's step for the objects it would create now (`key`), from the write flow's review. */
function wizardStep(review: ReviewState<IstioSetResult>, key: string, withRule: boolean): Step {
  if (review.status === 'idle' || review.key !== key) return { status: 'edit' };
  switch (review.status) {
    case 'running':
      return { status: 'reviewing' };
    case 'failed':
      return { status: 'failed', error: review.error };
    case 'done': {
      const { items, affected } = review.result;
      return {
        status: 'reviewed',
        dr: withRule ? items[0] : undefined,
        vs: items[items.length - 1]!,
        affected,
      };
    }
  }
}

/** The wizard's objects, DestinationRule first, as one set the server creates all or nothing. */
const configObjects = (config: GeneratedConfig): IstioObjectJson[] => [
  ...(config.destinationRule ? [config.destinationRule as IstioObjectJson] : []),
  config.virtualService as IstioObjectJson,
];

/**
 * The service wizards (traffic shift, route by header, inject fault, set timeout): a new
 * VirtualService plus, unless one is there already, the DestinationRule defining its subsets;
 * dry-run first, then created. What to create is the URL's `kind`, so the page can be shared and
 * reloaded.
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
  // Switching the kind changes the URL but keeps what was typed for the other kinds.
  return (
    <Wizard key={`${target.namespace}/${target.service}/${target.versions.join(',')}`} target={target} />
  );
}

function Wizard({ target }: { target: TrafficShiftTarget }) {
  const { namespace, service, versions } = target;
  const kind: WizardKind = target.kind ?? 'shift';
  const [weights, setWeights] = useState(() => evenWeights(versions.length));
  const [options, setOptions] = useState<WizardOptions>(() => defaultWizardOptions(versions));
  const rules = useQuery(istioConfigListQuery(namespace, { kinds: ['destinationrules'] }));
  const subsets = useMemo(
    () => versions.map((v, i) => ({ name: v, labels: { version: v }, weight: weights[i] })),
    [versions, weights],
  );
  // Until the list answers (or when it fails) plan to create the rule: the dry run would refuse a duplicate.
  const plan: DestinationRulePlan = useMemo(
    () =>
      rules.data
        ? planDestinationRule(
            rules.data.items.map((i) => i.object),
            { namespace, service, subsets },
          )
        : { action: 'create' },
    [rules.data, namespace, service, subsets],
  );
  const generated: GeneratedConfig = useMemo(
    () => withRulePlan(generateWizardConfig(kind, { namespace, service, subsets }, options), plan),
    [kind, namespace, service, subsets, options, plan],
  );
  // A review stands for exactly the objects it checked: any change asks for a new one.
  const objects = useMemo(() => configObjects(generated), [generated]);
  const reviewKey = useMemo(() => JSON.stringify(objects), [objects]);
  const flow = useIstioWrite<IstioObjectJson[], IstioSetResult, IstioSetResult>({
    // Dry run of the set: each object judged with the other laid over the cluster, so the
    // VirtualService may use the subsets of the DestinationRule created with it.
    dryRun: (set) => createSet(namespace, set, { dryRun: true }),
    write: (set) => createSet(namespace, set, { dryRun: false }),
  });
  const step = wizardStep(flow.review, reviewKey, generated.destinationRule !== undefined);
  const written: WrittenObject[] | undefined = flow.written?.items.map((item) => ({
    kind: item.object.kind === 'DestinationRule' ? 'DestinationRule' : 'VirtualService',
    name: item.object.metadata.name,
    resourceVersion: item.object.metadata.resourceVersion,
  }));
  const applyError = flow.writeError;
  const applying = flow.applying;
  const change = (next: number[]) => setWeights(next);
  const changeOptions = (next: WizardOptions) => setOptions(next);
  const changeKind = (next: WizardKind) => {
    navigate(trafficShiftHref({ ...target, kind: next }), { replace: true });
  };
  const optionProblems = wizardOptionProblems(kind, options, versions);
  const sum = weights.reduce((a, b) => a + b, 0);
  const ruleProblems =
    plan.action !== 'blocked'
      ? []
      : plan.missing.length > 0
        ? [`DestinationRule ${plan.name} lacks subsets ${plan.missing.join(', ')}: add them there first`]
        : [`DestinationRule ${plan.name} is there for another host: edit or rename it first`];
  // The wizard creates a VirtualService, and the DestinationRule too unless one is reused.
  const createVs = useWriteAccess(namespace, 'virtualservices', 'create');
  const createDr = useWriteAccess(namespace, 'destinationrules', 'create');
  const access = firstRefusal(createVs, generated.destinationRule ? createDr : ALLOWED);
  const viewOnlyReason = access.allowed ? undefined : access.reason;
  const canReview =
    sum === 100 &&
    optionProblems.length === 0 &&
    ruleProblems.length === 0 &&
    !rules.isPending &&
    viewOnlyReason === undefined;

  const review = () => flow.runReview(objects, reviewKey);

  const shown: Validation[] =
    step.status === 'reviewed' ? [...(step.dr?.validations ?? []), ...step.vs.validations] : [];
  const blocking = shown.filter((v) => v.severity === 'error');
  const reasons = [
    ...(viewOnlyReason ? [viewOnlyReason] : []),
    ...(sum !== 100 ? [`Weights sum to ${sum}, not 100`] : []),
    ...optionProblems.map((p) => p.message),
    ...ruleProblems,
    ...(rules.isPending ? ['Looking for an existing DestinationRule…'] : []),
    ...(step.status !== 'reviewed' ? ['Review the generated config (dry run) first'] : []),
    ...(blocking.length > 0 ? [`The dry run found ${blocking.length} error(s)`] : []),
  ];

  const apply = () => flow.apply(objects);

  return (
    <section className="page" aria-labelledby="wizard-heading">
      <header className="page__header">
        <p className="breadcrumb">
          <Link href={`/istio?namespaces=${encodeURIComponent(namespace)}`}>Istio config</Link> / {namespace}
        </p>
        <h1 id="wizard-heading">
          {WIZARD_TITLES[kind]} for {service}
        </h1>
        {/* Once written, the plan would describe the objects just created as existing ones. */}
        {!written && (
          <p className="page__lede">
            {generated.destinationRule ? (
              <>
                Creates DestinationRule {service} (one subset per version) and VirtualService {service} (
                {LEDE[kind]}).
              </>
            ) : plan.action === 'reuse' ? (
              <>
                Creates VirtualService {service} ({LEDE[kind]}), routing to the subsets DestinationRule{' '}
                <Link href={istioDetailsHref(namespace, 'destinationrules', plan.name)}>{plan.name}</Link>{' '}
                defines.
              </>
            ) : (
              <>
                Creates VirtualService {service} ({LEDE[kind]}).
              </>
            )}
          </p>
        )}
      </header>
      {!access.allowed && <ViewOnlyBanner reason={access.reason} readOnly={!access.viewOnly} />}
      {written ? (
        <WizardDone namespace={namespace} service={service} written={written} />
      ) : (
        <div className="editor">
          <div className="editor__body">
            <fieldset className="form" aria-label="Wizard">
              <div className="form__row">
                <SelectField
                  label="What to create"
                  value={kind}
                  options={WIZARD_KINDS}
                  labels={WIZARD_TITLES}
                  required
                  onChange={(v) => changeKind(isWizardKind(v) ? v : 'shift')}
                />
              </div>
              <KindFields
                kind={kind}
                options={options}
                versions={versions}
                problems={optionProblems}
                onChange={changeOptions}
              />
            </fieldset>
            {versions.length > 1 && (
              <WeightsFieldset
                title={WEIGHTS_TITLE[kind]}
                versions={versions}
                weights={weights}
                onChange={change}
              />
            )}
          </div>
          <section className="review" aria-label="Review">
            {ruleProblems.length > 0 && plan.action === 'blocked' && (
              <div className="write-error" role="alert">
                {ruleProblems[0]}:{' '}
                <Link href={istioDetailsHref(namespace, 'destinationrules', plan.name)}>
                  edit DestinationRule {plan.name}
                </Link>
                .
              </div>
            )}
            <div className="review__actions">
              <button
                type="button"
                className="button"
                disabled={!canReview || step.status === 'reviewing'}
                title={viewOnlyReason}
                onClick={review}
              >
                {step.status === 'reviewing' ? 'Running dry run…' : 'Review changes'}
              </button>
              <button
                type="button"
                className="button button--primary"
                disabled={reasons.length > 0 || applying}
                title={viewOnlyReason}
                onClick={apply}
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
                <strong>Creating failed:</strong> {applyError.message}
                <AlreadyExists error={applyError} namespace={namespace} service={service} />
              </div>
            )}
            {step.status === 'reviewed' && (
              <div className="review__result">
                <h2 className="review__title">Dry run</h2>
                {shown.length === 0 ? (
                  <p>
                    <span className="badge badge--sev-valid">✓ Valid</span> Kubernetes accepts{' '}
                    {step.dr ? 'both objects' : 'the object'}.
                  </p>
                ) : (
                  <ValidationBadge validations={shown} />
                )}
                {step.affected.length > 0 && <AffectedObjects validations={step.affected} />}

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
      )}
    </section>
  );
}

const LEDE: Record<WizardKind, string> = {
  shift: 'the weights',
  header: 'requests with the header to one version, the rest by weight',
  fault: 'delays and/or aborts injected on top of the weights',
  timeout: 'a request timeout, optional retries, on top of the weights',
};

const WEIGHTS_TITLE: Record<WizardKind, string> = {
  shift: 'Traffic by version',
  header: 'Every other request, by version',
  fault: 'Traffic by version',
  timeout: 'Traffic by version',
};

function KindFields({
  kind,
  options: o,
  versions,
  problems,
  onChange,
}: {
  kind: WizardKind;
  options: WizardOptions;
  versions: string[];
  problems: readonly WizardProblem[];
  onChange: (options: WizardOptions) => void;
}) {
  /** The problem at a field, without the label the field shows already. */
  const at = (field: WizardField) => {
    const p = problems.find((x) => x.field === field);
    return p ? p.message.replace(/^[^:]+: /, '') : undefined;
  };
  if (kind === 'header') {
    const set = (h: Partial<WizardOptions['header']>) => onChange({ ...o, header: { ...o.header, ...h } });
    return (
      <div className="form__row" role="group" aria-label="Header match">
        <TextField
          label="Header name"
          value={o.header.name || undefined}
          placeholder="end-user"
          error={at('header.name')}
          onChange={(v) => set({ name: v ?? '' })}
        />
        <SelectField
          label="Header match kind"
          value={o.header.kind}
          options={STRING_MATCH_KINDS}
          required
          onChange={(v) => set({ kind: v ?? 'exact' })}
        />
        <TextField
          label="Header value"
          value={o.header.value || undefined}
          placeholder="jason"
          error={at('header.value')}
          onChange={(v) => set({ value: v ?? '' })}
        />
        <SelectField
          label="Route matching requests to"
          value={o.header.subset || undefined}
          options={versions}
          error={at('header.subset')}
          onChange={(v) => set({ subset: v ?? '' })}
        />
      </div>
    );
  }
  if (kind === 'fault') {
    const setDelay = (d: Partial<WizardOptions['delay']>) => onChange({ ...o, delay: { ...o.delay, ...d } });
    const setAbort = (a: Partial<WizardOptions['abort']>) => onChange({ ...o, abort: { ...o.abort, ...a } });
    const neither = problems.find((p) => p.field === 'fault');
    return (
      <>
        <div className="form__row wizard__part" role="group" aria-label="Delay">
          <label className="check">
            <input
              type="checkbox"
              checked={o.delay.enabled}
              onChange={(e) => setDelay({ enabled: e.target.checked })}
            />
            Inject delay
          </label>
          <fieldset className="wizard__fields" disabled={!o.delay.enabled} aria-label="Delay settings">
            <NumberField
              label="Delay %"
              value={o.delay.percentage}
              min={0}
              max={100}
              error={at('delay.percentage')}
              onChange={(v) => setDelay({ percentage: v ?? NaN })}
            />
            <TextField
              label="Fixed delay"
              value={o.delay.fixedDelay || undefined}
              placeholder="5s"
              error={at('delay.fixedDelay')}
              onChange={(v) => setDelay({ fixedDelay: v ?? '' })}
            />
          </fieldset>
        </div>
        <div className="form__row wizard__part" role="group" aria-label="Abort">
          <label className="check">
            <input
              type="checkbox"
              checked={o.abort.enabled}
              onChange={(e) => setAbort({ enabled: e.target.checked })}
            />
            Inject abort
          </label>
          <fieldset className="wizard__fields" disabled={!o.abort.enabled} aria-label="Abort settings">
            <NumberField
              label="Abort %"
              value={o.abort.percentage}
              min={0}
              max={100}
              error={at('abort.percentage')}
              onChange={(v) => setAbort({ percentage: v ?? NaN })}
            />
            <NumberField
              label="Abort HTTP status"
              value={o.abort.httpStatus}
              min={200}
              max={599}
              error={at('abort.httpStatus')}
              onChange={(v) => setAbort({ httpStatus: v ?? NaN })}
            />
          </fieldset>
        </div>
        {neither && <FieldError>{neither.message}</FieldError>}
      </>
    );
  }
  if (kind === 'timeout') {
    const setRetries = (r: Partial<WizardOptions['retries']>) =>
      onChange({ ...o, retries: { ...o.retries, ...r } });
    return (
      <>
        <div className="form__row" role="group" aria-label="Timeout">
          <TextField
            label="Timeout"
            value={o.timeout || undefined}
            placeholder="10s"
            error={at('timeout')}
            onChange={(v) => onChange({ ...o, timeout: v ?? '' })}
          />
        </div>
        <div className="form__row wizard__part" role="group" aria-label="Retries">
          <label className="check">
            <input
              type="checkbox"
              checked={o.retries.enabled}
              onChange={(e) => setRetries({ enabled: e.target.checked })}
            />
            Retry failed requests
          </label>
          <fieldset className="wizard__fields" disabled={!o.retries.enabled} aria-label="Retry settings">
            <NumberField
              label="Retry attempts"
              value={o.retries.attempts}
              min={1}
              error={at('retries.attempts')}
              onChange={(v) => setRetries({ attempts: v ?? NaN })}
            />
            <TextField
              label="Per-try timeout"
              value={o.retries.perTryTimeout || undefined}
              placeholder="2s"
              error={at('retries.perTryTimeout')}
              onChange={(v) => setRetries({ perTryTimeout: v ?? '' })}
            />
            <TextField
              label="Retry on"
              value={o.retries.retryOn || undefined}
              placeholder="5xx,reset"
              onChange={(v) => setRetries({ retryOn: v ?? '' })}
            />
          </fieldset>
        </div>
      </>
    );
  }
  return null;
}

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
