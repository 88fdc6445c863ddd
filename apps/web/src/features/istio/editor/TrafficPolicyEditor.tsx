import { CLIENT_TLS_MODES, SIMPLE_LOAD_BALANCERS, type TrafficPolicyForm } from '@sextant/mesh';
import type { ReactNode } from 'react';
import { FieldError, NumberField, SelectField, TextField } from './fields.tsx';

interface Props {
  /** The accessible name of the section, unique on the page ("Traffic policy", "Traffic policy of subset 2"). */
  label: string;
  title: ReactNode;
  policy: TrafficPolicyForm;
  onChange: (policy: TrafficPolicyForm) => void;
  /** Extra controls in the header (e.g. hide / clear of a subset policy). */
  actions?: ReactNode;
  /** Findings about this policy (e.g. TLS DISABLE against STRICT servers). */
  problems?: readonly string[];
}

/** Load balancer, TLS, connection pool and outlier detection: of the whole host or of one subset. */
export function TrafficPolicyEditor({ label, title, policy, onChange, actions, problems = [] }: Props) {
  const pool = policy.connectionPool;
  const outlier = policy.outlierDetection;
  const setPool = (next: Partial<TrafficPolicyForm['connectionPool']>) =>
    onChange({ ...policy, connectionPool: { ...pool, ...next } });
  const setOutlier = (next: Partial<TrafficPolicyForm['outlierDetection']>) =>
    onChange({ ...policy, outlierDetection: { ...outlier, ...next } });
  return (
    <section className="route policy" aria-label={label}>
      <header className="route__header">
        <h3>{title}</h3>
        {actions && <div className="button-row">{actions}</div>}
      </header>
      {problems.map((m) => (
        <FieldError key={m}>{m}</FieldError>
      ))}
      <div className="form__row">
        <SelectField
          label="Load balancer"
          value={policy.loadBalancer}
          options={SIMPLE_LOAD_BALANCERS}
          onChange={(v) => onChange({ ...policy, loadBalancer: v })}
        />
        <SelectField
          label="TLS mode"
          value={policy.tlsMode}
          options={CLIENT_TLS_MODES}
          onChange={(v) => onChange({ ...policy, tlsMode: v })}
        />
      </div>
      <h4 className="policy__group">Connection pool</h4>
      <div className="form__row">
        <NumberField
          label="TCP max connections"
          value={pool.tcpMaxConnections}
          min={0}
          onChange={(v) => setPool({ tcpMaxConnections: v })}
        />
        <NumberField
          label="HTTP/1 max pending"
          value={pool.http1MaxPendingRequests}
          min={0}
          onChange={(v) => setPool({ http1MaxPendingRequests: v })}
        />
        <NumberField
          label="HTTP/2 max requests"
          value={pool.http2MaxRequests}
          min={0}
          onChange={(v) => setPool({ http2MaxRequests: v })}
        />
        <NumberField
          label="Max requests per connection"
          value={pool.maxRequestsPerConnection}
          min={0}
          onChange={(v) => setPool({ maxRequestsPerConnection: v })}
        />
      </div>
      <h4 className="policy__group">Outlier detection</h4>
      <div className="form__row">
        <NumberField
          label="Consecutive 5xx errors"
          value={outlier.consecutive5xxErrors}
          min={0}
          onChange={(v) => setOutlier({ consecutive5xxErrors: v })}
        />
        <TextField
          label="Interval"
          value={outlier.interval}
          placeholder="10s"
          onChange={(v) => setOutlier({ interval: v })}
        />
        <TextField
          label="Base ejection time"
          value={outlier.baseEjectionTime}
          placeholder="30s"
          onChange={(v) => setOutlier({ baseEjectionTime: v })}
        />
        <NumberField
          label="Max ejection %"
          value={outlier.maxEjectionPercent}
          min={0}
          max={100}
          onChange={(v) => setOutlier({ maxEjectionPercent: v })}
        />
      </div>
    </section>
  );
}
