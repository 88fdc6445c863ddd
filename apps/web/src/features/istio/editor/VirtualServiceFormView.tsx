import {
  emptyHttpRouteForm,
  freshVirtualServiceKey,
  rebalanceWeights,
  type DestinationForm,
  type HttpRouteForm,
  type VirtualServiceForm,
} from '@sextant/mesh';
import { useState } from 'react';
import { FieldError, NumberField, TextField } from './fields.tsx';

interface Props {
  form: VirtualServiceForm;
  onChange: (form: VirtualServiceForm) => void;
  /** Messages by dotted path (`spec.http[0].route[1].destination.subset`), from dry run and local checks. */
  problems: ReadonlyMap<string, string[]>;
  disabled?: boolean;
}

export function VirtualServiceFormView({ form, onChange, problems, disabled }: Props) {
  const [hostsText, setHostsText] = useState(form.hosts.join(', '));
  const [gatewaysText, setGatewaysText] = useState(form.gateways.join(', '));
  const setRoute = (i: number, route: HttpRouteForm) =>
    onChange({ ...form, http: form.http.map((r, k) => (k === i ? route : r)) });
  const addRoute = () => {
    const route = emptyHttpRouteForm(freshVirtualServiceKey(form));
    const host = form.hosts[0] ?? '';
    const withDest: HttpRouteForm = {
      ...route,
      destinations: [{ key: freshVirtualServiceKey({ ...form, http: [...form.http, route] }), host }],
    };
    onChange({ ...form, http: [...form.http, withDest] });
  };
  return (
    <fieldset className="form" disabled={disabled} aria-label="VirtualService form">
      <div className="form__row">
        <label className="field field--wide">
          <span>Hosts (comma-separated)</span>
          <input
            type="text"
            value={hostsText}
            onChange={(e) => {
              setHostsText(e.target.value);
              onChange({ ...form, hosts: split(e.target.value) });
            }}
          />
        </label>
        <label className="field field--wide">
          <span>Gateways (comma-separated, empty: mesh)</span>
          <input
            type="text"
            value={gatewaysText}
            onChange={(e) => {
              setGatewaysText(e.target.value);
              onChange({ ...form, gateways: split(e.target.value) });
            }}
          />
        </label>
      </div>
      {form.http.map((route, i) => (
        <RouteEditor
          key={route.key}
          index={i}
          route={route}
          form={form}
          problems={problems}
          onChange={(r) => setRoute(i, r)}
          onRemove={() => onChange({ ...form, http: form.http.filter((_, k) => k !== i) })}
        />
      ))}
      <button type="button" className="button button--small" onClick={addRoute}>
        Add HTTP route
      </button>
    </fieldset>
  );
}

const split = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function RouteEditor(props: {
  index: number;
  route: HttpRouteForm;
  form: VirtualServiceForm;
  problems: ReadonlyMap<string, string[]>;
  onChange: (route: HttpRouteForm) => void;
  onRemove: () => void;
}) {
  const { index: i, route, problems, onChange } = props;
  const base = `spec.http[${i}]`;
  const weights = route.destinations.map((d) => d.weight ?? 0);
  const setDest = (k: number, d: DestinationForm) =>
    onChange({ ...route, destinations: route.destinations.map((x, j) => (j === k ? d : x)) });
  const slide = (k: number, value: number) => {
    const next = rebalanceWeights(weights, k, value);
    onChange({ ...route, destinations: route.destinations.map((d, j) => ({ ...d, weight: next[j] })) });
  };
  const routeProblems = problems.get(`${base}.route`) ?? [];
  const matchSummary =
    route.matches.length > 0 ? `${route.matches.length} match rule(s), kept as they are` : 'all requests';
  return (
    <section className="route" aria-label={`HTTP route ${i + 1}`}>
      <header className="route__header">
        <h3>
          HTTP route {i + 1}
          {route.name ? ` “${route.name}”` : ''} <span className="muted">· {matchSummary}</span>
        </h3>
        <button type="button" className="button button--small" onClick={props.onRemove}>
          Remove route
        </button>
      </header>
      <table className="dest-table" aria-label={`Destinations of HTTP route ${i + 1}`}>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Subset</th>
            <th scope="col">Weight</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {route.destinations.map((d, k) => {
            const path = `${base}.route[${k}].destination`;
            const subsetErr = (problems.get(`${path}.subset`) ?? []).join('; ');
            const hostErr = (problems.get(`${path}.host`) ?? []).join('; ');
            return (
              <tr key={d.key}>
                <td>
                  <TextField
                    label={`Host of destination ${k + 1}`}
                    value={d.host}
                    error={hostErr || undefined}
                    onChange={(v) => setDest(k, { ...d, host: v ?? '' })}
                  />
                </td>
                <td>
                  <TextField
                    label={`Subset of destination ${k + 1}`}
                    value={d.subset}
                    error={subsetErr || undefined}
                    onChange={(v) => setDest(k, { ...d, subset: v })}
                  />
                </td>
                <td className="dest-table__weight">
                  <input
                    type="range"
                    min={0}
                    max={100}
                    value={d.weight ?? 0}
                    aria-label={`Weight slider of destination ${k + 1}`}
                    onChange={(e) => slide(k, Number(e.target.value))}
                  />
                  <NumberField
                    label={`Weight of destination ${k + 1}`}
                    value={d.weight}
                    min={0}
                    max={100}
                    onChange={(v) => setDest(k, { ...d, weight: v })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Remove destination ${k + 1}`}
                    onClick={() =>
                      onChange({ ...route, destinations: route.destinations.filter((_, j) => j !== k) })
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {routeProblems.map((m) => (
        <FieldError key={m}>{m}</FieldError>
      ))}
      <div className="form__row">
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            onChange({
              ...route,
              destinations: [
                ...route.destinations,
                {
                  key: freshVirtualServiceKey(props.form),
                  host: route.destinations[0]?.host ?? props.form.hosts[0] ?? '',
                },
              ],
            })
          }
        >
          Add destination
        </button>
        {routeProblems.length > 0 && weights.length > 0 && (
          <button type="button" className="button button--small" onClick={() => slide(0, weights[0] ?? 0)}>
            Balance weights to 100
          </button>
        )}
      </div>
      <div className="form__row">
        <TextField
          label="Timeout"
          placeholder="e.g. 5s"
          value={route.timeout}
          onChange={(v) => onChange({ ...route, timeout: v })}
        />
        <NumberField
          label="Retry attempts"
          value={route.retries?.attempts}
          min={0}
          onChange={(v) => onChange({ ...route, retries: { ...route.retries, attempts: v } })}
        />
        <TextField
          label="Per-try timeout"
          value={route.retries?.perTryTimeout}
          onChange={(v) => onChange({ ...route, retries: { ...route.retries, perTryTimeout: v } })}
        />
        <TextField
          label="Retry on"
          placeholder="5xx,reset"
          value={route.retries?.retryOn}
          onChange={(v) => onChange({ ...route, retries: { ...route.retries, retryOn: v } })}
        />
      </div>
      <div className="form__row">
        <NumberField
          label="Delay fault %"
          value={route.fault.delay?.percentage}
          min={0}
          max={100}
          onChange={(v) =>
            onChange({ ...route, fault: { ...route.fault, delay: { ...route.fault.delay, percentage: v } } })
          }
        />
        <TextField
          label="Fixed delay"
          placeholder="e.g. 2s"
          value={route.fault.delay?.fixedDelay}
          onChange={(v) =>
            onChange({ ...route, fault: { ...route.fault, delay: { ...route.fault.delay, fixedDelay: v } } })
          }
        />
        <NumberField
          label="Abort fault %"
          value={route.fault.abort?.percentage}
          min={0}
          max={100}
          onChange={(v) =>
            onChange({ ...route, fault: { ...route.fault, abort: { ...route.fault.abort, percentage: v } } })
          }
        />
        <NumberField
          label="Abort HTTP status"
          value={route.fault.abort?.httpStatus}
          min={200}
          max={599}
          onChange={(v) =>
            onChange({ ...route, fault: { ...route.fault, abort: { ...route.fault.abort, httpStatus: v } } })
          }
        />
      </div>
    </section>
  );
}
