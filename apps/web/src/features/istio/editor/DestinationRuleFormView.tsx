import type { ServiceSummary } from '@sextant/contracts';
import {
  addVersionSubsets,
  emptySubsetForm,
  freshSubsetKey,
  labelSuggestions,
  missingVersions,
  type DestinationRuleForm,
} from '@sextant/mesh';
import { useId } from 'react';
import { placeDestinationRuleProblems } from './destinationRuleProblems.ts';
import { FieldError, TextField } from './fields.tsx';
import { SubsetEditor } from './SubsetEditor.tsx';
import { TrafficPolicyEditor } from './TrafficPolicyEditor.tsx';
import { useHostWorkloads, type HostWorkloads } from './useHostWorkloads.ts';
import './DestinationRuleForm.css';

interface Props {
  form: DestinationRuleForm;
  onChange: (form: DestinationRuleForm) => void;
  problems: ReadonlyMap<string, string[]>;
  disabled?: boolean;
  /** The rule's namespace (short hosts are relative to it; label suggestions come from its Services). */
  namespace: string;
}

export function DestinationRuleFormView({ form, onChange, problems, disabled, namespace }: Props) {
  const { services, host } = useHostWorkloads(namespace, form.host);
  const workloads = host.state === 'ready' ? host.workloads : undefined;
  const suggestions = labelSuggestions(workloads ?? []);
  const missing = missingVersions(form, workloads ?? []);

  const id = useId();
  const hostList = `${id}-hosts`;
  const keyList = suggestions.length ? `${id}-keys` : undefined;
  const valueList = (key: string) => {
    const i = suggestions.findIndex((s) => s.key === key.trim());
    return i < 0 ? undefined : `${id}-values-${i}`;
  };
  const placed = placeDestinationRuleProblems(problems, form.subsets.length);
  const setSubsets = (subsets: DestinationRuleForm['subsets']) => onChange({ ...form, subsets });

  return (
    <fieldset className="form" disabled={disabled} aria-label="DestinationRule form">
      <div className="form__row dr-host">
        <TextField
          label="Host"
          value={form.host}
          list={hostList}
          placeholder="reviews"
          error={placed.host.join('; ') || undefined}
          onChange={(v) => onChange({ ...form, host: v ?? '' })}
        />
        <HostHint host={host} />
      </div>
      <HostSuggestions id={hostList} services={services} />
      {keyList && (
        <datalist id={keyList}>
          {suggestions.map((s) => (
            <option key={s.key} value={s.key} />
          ))}
        </datalist>
      )}
      {suggestions.map((s, i) => (
        <datalist key={s.key} id={`${id}-values-${i}`}>
          {s.values.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      ))}

      <TrafficPolicyEditor
        label="Traffic policy"
        title="Traffic policy"
        policy={form.trafficPolicy}
        problems={placed.trafficPolicy}
        onChange={(p) => onChange({ ...form, trafficPolicy: p })}
      />

      <div className="route__header">
        <h3 className="form__title">Subsets</h3>
        <div className="button-row">
          {workloads && (
            <span className="muted subsets__versions">
              {missing.length
                ? `No subset yet for ${missing.join(', ')}`
                : workloads.some((w) => w.labels.version)
                  ? 'Every version has a subset'
                  : 'The workloads have no version label'}
            </span>
          )}
          <button
            type="button"
            className="button button--small"
            disabled={missing.length === 0}
            onClick={() => onChange(addVersionSubsets(form, workloads ?? []))}
          >
            Add a subset per version
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              const name = missing[0] ?? `v${form.subsets.length + 1}`;
              const subset = {
                ...emptySubsetForm(freshSubsetKey(form), name),
                labels: [{ name: 'version', value: name }],
              };
              setSubsets([...form.subsets, subset]);
            }}
          >
            Add subset
          </button>
        </div>
      </div>
      {form.subsets.length === 0 && (
        <p className="muted">No subsets: every endpoint of the host is one pool.</p>
      )}
      {form.subsets.map((subset, i) => (
        <SubsetEditor
          key={subset.key}
          index={i}
          subset={subset}
          problems={placed.subsets[i]!}
          workloads={workloads}
          serviceName={host.state === 'ready' ? host.service.name : undefined}
          keyList={keyList}
          valueList={valueList}
          onChange={(next) => setSubsets(form.subsets.map((s, k) => (k === i ? next : s)))}
          onRemove={() => setSubsets(form.subsets.filter((_, k) => k !== i))}
        />
      ))}
      {placed.other.map(({ path, message }) => (
        <FieldError key={`${path} ${message}`}>
          {path === 'spec' ? message : `${path}: ${message}`}
        </FieldError>
      ))}
    </fieldset>
  );
}

function HostSuggestions({ id, services }: { id: string; services: ServiceSummary[] }) {
  return (
    <datalist id={id}>
      {services.map((s) => (
        <option key={s.name} value={s.name} />
      ))}
    </datalist>
  );
}

function HostHint({ host }: { host: HostWorkloads }) {
  const text = hostHintText(host);
  if (!text) return null;
  return (
    <p
      className={`host-hint${host.state === 'notFound' || host.state === 'error' ? ' host-hint--warning' : ''}`}
      role="status"
    >
      {text}
    </p>
  );
}

function hostHintText(host: HostWorkloads): string | undefined {
  switch (host.state) {
    case 'none':
      return undefined;
    case 'loading':
      return `Reading the workloads of ${host.service.name}…`;
    case 'notFound':
      return `No Service ${host.service.name} in namespace ${host.service.namespace}: no label suggestions`;
    case 'error':
      return `Label suggestions unavailable: ${host.message}`;
    case 'ready': {
      const { workloads, service } = host;
      if (workloads.length === 0) return `Service ${service.name} selects no workload`;
      return `Service ${service.name} selects ${workloads.length} ${workloads.length === 1 ? 'workload' : 'workloads'}: ${workloads.map((w) => w.name).join(', ')}`;
    }
  }
}
