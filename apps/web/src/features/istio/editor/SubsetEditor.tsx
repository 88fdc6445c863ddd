import type { ServiceWorkload } from '@sextant/contracts';
import { emptyTrafficPolicyForm, subsetWorkloads, type SubsetForm } from '@sextant/mesh';
import { useState } from 'react';
import type { SubsetProblems } from './destinationRuleProblems.ts';
import { FieldError, TextField } from './fields.tsx';
import { policySummary } from './policySummary.ts';
import { SubsetLabelsEditor } from './SubsetLabelsEditor.tsx';
import { TrafficPolicyEditor } from './TrafficPolicyEditor.tsx';

interface Props {
  /** 0-based position in the rule. */
  index: number;
  subset: SubsetForm;
  onChange: (subset: SubsetForm) => void;
  onRemove: () => void;
  problems: SubsetProblems;
  /** The workloads of the host's Service; undefined while unknown (no hint then). */
  workloads: ServiceWorkload[] | undefined;
  serviceName: string | undefined;
  keyList: string | undefined;
  valueList: (key: string) => string | undefined;
}

/** How many names of matched workloads the hint spells out. */
const NAMED_WORKLOADS = 3;

export function SubsetEditor(props: Props) {
  const { index, subset, onChange } = props;
  const n = index + 1;
  return (
    <section className="route subset" aria-label={`Subset ${n}`}>
      <header className="route__header">
        <h3>
          Subset {n}
          {subset.name.trim() && <span className="muted"> · {subset.name}</span>}
        </h3>
        <button
          type="button"
          className="button button--small"
          aria-label={`Remove subset ${n}`}
          onClick={props.onRemove}
        >
          Remove subset
        </button>
      </header>
      <div className="form__row">
        <TextField
          label={`Name of subset ${n}`}
          value={subset.name}
          error={props.problems.name.join('; ') || undefined}
          onChange={(v) => onChange({ ...subset, name: v ?? '' })}
        />
        <SubsetLabelsEditor
          subset={n}
          labels={subset.labels}
          keyList={props.keyList}
          valueList={props.valueList}
          onChange={(labels) => onChange({ ...subset, labels })}
        />
      </div>
      {props.workloads && (
        <MatchHint subset={subset} workloads={props.workloads} service={props.serviceName ?? 'the host'} />
      )}
      {props.problems.labels.map((m) => (
        <FieldError key={m}>{m}</FieldError>
      ))}
      <SubsetPolicy
        subset={n}
        subsetForm={subset}
        onChange={onChange}
        problems={props.problems.trafficPolicy}
      />
    </section>
  );
}

function MatchHint(props: { subset: SubsetForm; workloads: ServiceWorkload[]; service: string }) {
  const matched = subsetWorkloads(props.subset.labels, props.workloads);
  const noLabels = props.subset.labels.every((l) => l.name.trim() === '');
  if (matched.length === 0) {
    return (
      <p className="subset__match subset__match--none" role="status">
        <span aria-hidden="true">⚠ </span>
        Matches no workload of {props.service}: requests routed to this subset fail (503, no healthy upstream)
      </p>
    );
  }
  const names = matched.slice(0, NAMED_WORKLOADS).map((w) => w.name);
  const more = matched.length - names.length;
  return (
    <p className="subset__match" role="status">
      <span aria-hidden="true">✓ </span>
      {noLabels ? 'No labels: matches every workload' : 'Matches'} {matched.length}{' '}
      {matched.length === 1 ? 'workload' : 'workloads'}: {names.join(', ')}
      {more > 0 && ` and ${more} more`}
    </p>
  );
}

/** Collapsed to a one-line summary until opened; most subsets inherit the rule's policy. */
function SubsetPolicy(props: {
  subset: number;
  subsetForm: SubsetForm;
  onChange: (s: SubsetForm) => void;
  problems: string[];
}) {
  // A policy with findings starts open, so they show at their fields.
  const [open, setOpen] = useState(props.problems.length > 0);
  const policy = props.subsetForm.trafficPolicy;
  const summary = policySummary(policy);
  const of = `of subset ${props.subset}`;
  if (!open) {
    return (
      <>
        <p className="subset__policy">
          <span className="muted">Subset policy:</span> {summary.length ? summary.join(' · ') : 'none'}
          {' · '}
          <button
            type="button"
            className="link-button"
            aria-expanded={false}
            aria-label={`${summary.length ? 'Edit' : 'Add'} traffic policy ${of}`}
            onClick={() => setOpen(true)}
          >
            {summary.length ? 'Edit' : 'Add'}
          </button>
        </p>
        {props.problems.map((m) => (
          <FieldError key={m}>{m}</FieldError>
        ))}
      </>
    );
  }
  return (
    <TrafficPolicyEditor
      label={`Traffic policy ${of}`}
      problems={props.problems}
      title="Subset policy (overrides the rule's for this subset)"
      policy={policy}
      onChange={(trafficPolicy) => props.onChange({ ...props.subsetForm, trafficPolicy })}
      actions={
        <>
          <button
            type="button"
            className="button button--small"
            aria-label={`Clear traffic policy ${of}`}
            disabled={summary.length === 0}
            onClick={() => props.onChange({ ...props.subsetForm, trafficPolicy: emptyTrafficPolicyForm() })}
          >
            Clear
          </button>
          <button
            type="button"
            className="button button--small"
            aria-expanded={true}
            aria-label={`Hide traffic policy ${of}`}
            onClick={() => setOpen(false)}
          >
            Hide
          </button>
        </>
      }
    />
  );
}
