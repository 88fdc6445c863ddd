import type { IstioDryRun, Validation } from '@sextant/contracts';
import { evenWeights, generateTrafficShift, rebalanceWeights, type GeneratedConfig } from '@sextant/mesh';
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
import { parseTrafficShiftTarget } from './trafficShiftUrl.ts';

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
}: {
  namespace: string;
  service: string;
  versions: string[];
}) {
  const queryClient = useQueryClient();
  const [weights, setWeights] = useState(() => evenWeights(versions.length));
  const [step, setStep] = useState<Step>({ status: 'edit' });
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<{ error: ApiError; createdRule: boolean } | undefined>();
  const generated: GeneratedConfig = useMemo(
    () =>
      generateTrafficShift({
        namespace,
        service,
        subsets: versions.map((v, i) => ({ name: v, labels: { version: v }, weight: weights[i] })),
      }),
    [namespace, service, versions, weights],
  );
  const change = (next: number[]) => {
    setWeights(next);
    setStep({ status: 'edit' });
  };
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
        <h1 id="wizard-heading">Traffic shift for {service}</h1>
        <p className="page__lede">
          Creates DestinationRule {service} (one subset per version) and VirtualService {service} (the
          weights).
        </p>
      </header>
      <div className="editor">
        <div className="editor__body">
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
              disabled={sum !== 100 || step.status === 'reviewing'}
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
