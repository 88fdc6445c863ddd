import {
  CLIENT_TLS_MODES,
  SIMPLE_LOAD_BALANCERS,
  emptySubsetForm,
  freshSubsetKey,
  type DestinationRuleForm,
  type LabelForm,
  type TrafficPolicyForm,
} from '@sextant/mesh';
import { FieldError, NumberField, SelectField, TextField } from './fields.tsx';

interface Props {
  form: DestinationRuleForm;
  onChange: (form: DestinationRuleForm) => void;
  problems: ReadonlyMap<string, string[]>;
  disabled?: boolean;
}

export function DestinationRuleFormView({ form, onChange, problems, disabled }: Props) {
  return (
    <fieldset className="form" disabled={disabled} aria-label="DestinationRule form">
      <div className="form__row">
        <TextField
          label="Host"
          value={form.host}
          error={problems.get('spec.host')?.join('; ')}
          onChange={(v) => onChange({ ...form, host: v ?? '' })}
        />
      </div>
      <PolicyEditor
        title="Traffic policy"
        policy={form.trafficPolicy}
        onChange={(p) => onChange({ ...form, trafficPolicy: p })}
      />
      <h3 className="form__title">Subsets</h3>
      {form.subsets.map((subset, i) => (
        <section key={subset.key} className="route" aria-label={`Subset ${i + 1}`}>
          <div className="form__row">
            <TextField
              label={`Name of subset ${i + 1}`}
              value={subset.name}
              error={problems.get(`spec.subsets[${i}]`)?.join('; ')}
              onChange={(v) =>
                onChange({
                  ...form,
                  subsets: form.subsets.map((s, k) => (k === i ? { ...s, name: v ?? '' } : s)),
                })
              }
            />
            <LabelsEditor
              labels={subset.labels}
              onChange={(labels) =>
                onChange({ ...form, subsets: form.subsets.map((s, k) => (k === i ? { ...s, labels } : s)) })
              }
            />
            <button
              type="button"
              className="button button--small"
              onClick={() => onChange({ ...form, subsets: form.subsets.filter((_, k) => k !== i) })}
            >
              Remove subset
            </button>
          </div>
        </section>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          const name = `v${form.subsets.length + 1}`;
          const subset = {
            ...emptySubsetForm(freshSubsetKey(form), name),
            labels: [{ name: 'version', value: name }],
          };
          onChange({ ...form, subsets: [...form.subsets, subset] });
        }}
      >
        Add subset
      </button>
      {(problems.get('spec') ?? []).map((m) => (
        <FieldError key={m}>{m}</FieldError>
      ))}
    </fieldset>
  );
}

/** `version=v1, app=reviews` <-> labels. */
function LabelsEditor({
  labels,
  onChange,
}: {
  labels: LabelForm[];
  onChange: (labels: LabelForm[]) => void;
}) {
  const text = labels.map((l) => `${l.name}=${l.value}`).join(', ');
  return (
    <label className="field field--wide">
      <span>Labels (key=value, comma-separated)</span>
      <input
        type="text"
        defaultValue={text}
        onBlur={(e) =>
          onChange(
            e.target.value
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s.includes('='))
              .map((s) => ({
                name: s.slice(0, s.indexOf('=')).trim(),
                value: s.slice(s.indexOf('=') + 1).trim(),
              })),
          )
        }
      />
    </label>
  );
}

function PolicyEditor(props: {
  title: string;
  policy: TrafficPolicyForm;
  onChange: (p: TrafficPolicyForm) => void;
}) {
  const { policy, onChange } = props;
  const pool = policy.connectionPool;
  const outlier = policy.outlierDetection;
  return (
    <section className="route" aria-label={props.title}>
      <h3 className="form__title">{props.title}</h3>
      <div className="form__row">
        <SelectField
          label="TLS mode"
          value={policy.tlsMode}
          options={CLIENT_TLS_MODES}
          onChange={(v) => onChange({ ...policy, tlsMode: v })}
        />
        <SelectField
          label="Load balancer"
          value={policy.loadBalancer}
          options={SIMPLE_LOAD_BALANCERS}
          onChange={(v) => onChange({ ...policy, loadBalancer: v })}
        />
      </div>
      <div className="form__row">
        <NumberField
          label="TCP max connections"
          value={pool.tcpMaxConnections}
          min={0}
          onChange={(v) => onChange({ ...policy, connectionPool: { ...pool, tcpMaxConnections: v } })}
        />
        <NumberField
          label="HTTP/1 max pending"
          value={pool.http1MaxPendingRequests}
          min={0}
          onChange={(v) => onChange({ ...policy, connectionPool: { ...pool, http1MaxPendingRequests: v } })}
        />
        <NumberField
          label="HTTP/2 max requests"
          value={pool.http2MaxRequests}
          min={0}
          onChange={(v) => onChange({ ...policy, connectionPool: { ...pool, http2MaxRequests: v } })}
        />
      </div>
      <div className="form__row">
        <NumberField
          label="Consecutive 5xx errors"
          value={outlier.consecutive5xxErrors}
          min={0}
          onChange={(v) => onChange({ ...policy, outlierDetection: { ...outlier, consecutive5xxErrors: v } })}
        />
        <TextField
          label="Interval"
          value={outlier.interval}
          onChange={(v) => onChange({ ...policy, outlierDetection: { ...outlier, interval: v } })}
        />
        <TextField
          label="Base ejection time"
          value={outlier.baseEjectionTime}
          onChange={(v) => onChange({ ...policy, outlierDetection: { ...outlier, baseEjectionTime: v } })}
        />
        <NumberField
          label="Max ejection %"
          value={outlier.maxEjectionPercent}
          min={0}
          max={100}
          onChange={(v) => onChange({ ...policy, outlierDetection: { ...outlier, maxEjectionPercent: v } })}
        />
      </div>
    </section>
  );
}
