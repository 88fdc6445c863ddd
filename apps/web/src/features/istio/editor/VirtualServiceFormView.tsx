import {
  emptyHttpRouteForm,
  freshVirtualServiceKey,
  emptyTcpRouteForm,
  STRING_MATCH_KINDS,
  type DestinationForm,
  type HeaderMatchForm,
  type HttpMatchForm,
  type HttpRouteForm,
  type StringMatchForm,
  type TcpRouteForm,
  type VirtualServiceForm,
} from '@sextant/mesh';
import { useState, type FormEvent } from 'react';
import { DestinationsTable } from './DestinationsTable.tsx';
import { matchValueMessage } from './editorModel.ts';
import { FieldError, NumberField, SelectField, TextField } from './fields.tsx';
import { useReportUnsaved } from './unsavedFieldProblems.ts';

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
      {form.tcp.map((route, i) => (
        <TcpRouteEditor
          key={route.key}
          index={i}
          route={route}
          form={form}
          problems={problems}
          onChange={(r) => onChange({ ...form, tcp: form.tcp.map((x, k) => (k === i ? r : x)) })}
          onRemove={() => onChange({ ...form, tcp: form.tcp.filter((_, k) => k !== i) })}
        />
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          const route = emptyTcpRouteForm(freshVirtualServiceKey(form));
          const dest: DestinationForm = {
            key: freshVirtualServiceKey({ ...form, tcp: [...form.tcp, route] }),
            host: form.hosts[0] ?? '',
          };
          onChange({ ...form, tcp: [...form.tcp, { ...route, destinations: [dest] }] });
        }}
      >
        Add TCP route
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
  const matchSummary = route.matches.length > 0 ? `${route.matches.length} match block(s)` : 'all requests';
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
      <MatchesEditor
        routeLabel={`HTTP route ${i + 1}`}
        matches={route.matches}
        problems={(j, field) => problems.get(`${base}.match[${j}].${field}`) ?? []}
        freshKey={() => freshVirtualServiceKey(props.form)}
        onChange={(matches) => onChange({ ...route, matches })}
      />
      <DestinationsTable
        routeLabel={`HTTP route ${i + 1}`}
        path={base}
        destinations={route.destinations}
        problems={problems}
        freshKey={() => freshVirtualServiceKey(props.form)}
        defaultHost={props.form.hosts[0] ?? ''}
        onChange={(destinations) => onChange({ ...route, destinations })}
      />
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
      <div className="form__row" role="group" aria-label={`Mirror of HTTP route ${i + 1}`}>
        <TextField
          label="Mirror host"
          value={route.mirror?.host}
          onChange={(v) =>
            onChange({
              ...route,
              mirror:
                v === undefined && !route.mirror?.subset ? undefined : { ...route.mirror, host: v ?? '' },
            })
          }
        />
        <TextField
          label="Mirror subset"
          value={route.mirror?.subset}
          onChange={(v) =>
            onChange({ ...route, mirror: { host: route.mirror?.host ?? '', ...route.mirror, subset: v } })
          }
        />
        <NumberField
          label="Mirror %"
          value={route.mirrorPercentage}
          min={0}
          max={100}
          onChange={(v) => onChange({ ...route, mirrorPercentage: v })}
        />
      </div>
    </section>
  );
}

/**
 * A URI or method condition: kind and value. The mapping writes no empty matcher, so a kind
 * chosen without a value (or a value cleared) is kept here, not written, and named as a problem
 * until it has a value or the kind is unset again.
 */
function StringMatchFields(props: {
  label: string;
  value: StringMatchForm | undefined;
  /** Shown while a kind is chosen but the value is empty. */
  emptyMessage: string;
  /** Findings at this condition (dry run, or an empty value typed in the YAML). */
  problems: readonly string[];
  onChange: (value: StringMatchForm | undefined) => void;
}) {
  const { label, value, onChange } = props;
  const [pending, setPending] = useState<StringMatchForm | undefined>();
  const valueKey = JSON.stringify(value ?? null);
  const [seen, setSeen] = useState(valueKey);
  if (valueKey !== seen) {
    setSeen(valueKey);
    setPending(undefined);
  }
  const shown = pending ?? value;
  const write = (next: StringMatchForm | undefined) => {
    if (next !== undefined && next.value.trim() === '') {
      setPending(next);
      return;
    }
    setPending(undefined);
    onChange(next);
  };
  useReportUnsaved(pending ? props.emptyMessage : undefined);
  const error = pending ? props.emptyMessage : props.problems.join('; ');
  return (
    <>
      <SelectField
        label={`${label} match kind`}
        value={shown?.kind}
        options={STRING_MATCH_KINDS}
        onChange={(kind) => write(kind === undefined ? undefined : { kind, value: shown?.value ?? '' })}
      />
      <TextField
        label={`${label} value`}
        value={shown?.value || undefined}
        error={error || undefined}
        onChange={(v) =>
          shown === undefined && v === undefined
            ? undefined
            : write({ kind: shown?.kind ?? 'exact', value: v ?? '' })
        }
      />
    </>
  );
}

/** Match blocks of one HTTP route: the route applies when any block matches (all conditions of a block). */
function MatchesEditor(props: {
  routeLabel: string;
  matches: HttpMatchForm[];
  /** Findings at a path under the match (`headers`, `uri`, `method`). */
  problems: (matchIndex: number, field: string) => string[];
  freshKey: () => string;
  onChange: (matches: HttpMatchForm[]) => void;
}) {
  const { routeLabel, matches, onChange } = props;
  const setMatch = (j: number, m: HttpMatchForm) => onChange(matches.map((x, k) => (k === j ? m : x)));
  return (
    <div className="matches" role="group" aria-label={`Matches of ${routeLabel}`}>
      {matches.map((m, j) => {
        const setHeader = (h: number, header: HeaderMatchForm) =>
          setMatch(j, { ...m, headers: m.headers.map((x, k) => (k === h ? header : x)) });
        return (
          <div key={m.key} className="match" role="group" aria-label={`Match ${j + 1}`}>
            <div className="form__row">
              <StringMatchFields
                label={`URI of match ${j + 1}`}
                value={m.uri}
                emptyMessage={matchValueMessage(routeLabel, j, 'uri')}
                problems={props.problems(j, 'uri')}
                onChange={(uri) => setMatch(j, { ...m, uri })}
              />
              <StringMatchFields
                label={`Method of match ${j + 1}`}
                value={m.method}
                emptyMessage={matchValueMessage(routeLabel, j, 'method')}
                problems={props.problems(j, 'method')}
                onChange={(method) => setMatch(j, { ...m, method })}
              />
              <button
                type="button"
                className="button button--small"
                aria-label={`Remove match ${j + 1}`}
                onClick={() => onChange(matches.filter((_, k) => k !== j))}
              >
                Remove match
              </button>
            </div>
            {m.headers.map((header, h) => (
              <div key={`${m.key}.headers.${String(h)}`} className="form__row">
                <HeaderNameField
                  label={`Header ${h + 1} name of match ${j + 1}`}
                  value={header.name}
                  onChange={(name) => setHeader(h, { ...header, name })}
                />
                <SelectField
                  label={`Header ${h + 1} match kind of match ${j + 1}`}
                  value={header.kind}
                  options={STRING_MATCH_KINDS}
                  onChange={(kind) => setHeader(h, { ...header, kind: kind ?? 'exact' })}
                />
                <TextField
                  label={`Header ${h + 1} value of match ${j + 1}`}
                  value={header.value || undefined}
                  placeholder="empty: header present"
                  onChange={(value) => setHeader(h, { ...header, value: value ?? '' })}
                />
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Remove header ${h + 1} of match ${j + 1}`}
                  onClick={() => setMatch(j, { ...m, headers: m.headers.filter((_, k) => k !== h) })}
                >
                  Remove header
                </button>
              </div>
            ))}
            {props.problems(j, 'headers').map((msg) => (
              <FieldError key={msg}>{msg}</FieldError>
            ))}
            <NewHeader
              match={j + 1}
              taken={m.headers.map((x) => x.name)}
              onAdd={(header) => setMatch(j, { ...m, headers: [...m.headers, header] })}
            />
          </div>
        );
      })}
      <button
        type="button"
        className="button button--small"
        aria-label={`Add match to ${routeLabel}`}
        onClick={() => onChange([...matches, { key: props.freshKey(), headers: [] }])}
      >
        Add match
      </button>
    </div>
  );
}

function TcpRouteEditor(props: {
  index: number;
  route: TcpRouteForm;
  form: VirtualServiceForm;
  problems: ReadonlyMap<string, string[]>;
  onChange: (route: TcpRouteForm) => void;
  onRemove: () => void;
}) {
  const { index: i, route, problems, onChange } = props;
  const base = `spec.tcp[${i}]`;
  const label = `TCP route ${i + 1}`;
  return (
    <section className="route" aria-label={label}>
      <header className="route__header">
        <h3>{label}</h3>
        <button type="button" className="button button--small" onClick={props.onRemove}>
          Remove TCP route
        </button>
      </header>
      <div className="form__row" role="group" aria-label={`Matches of ${label}`}>
        {route.matches.map((m, j) => (
          <span key={m.key} className="form__row">
            <NumberField
              label={`Port of match ${j + 1}`}
              value={m.port}
              min={1}
              max={65535}
              onChange={(port) =>
                onChange({ ...route, matches: route.matches.map((x, k) => (k === j ? { ...x, port } : x)) })
              }
            />
            <button
              type="button"
              className="button button--small"
              aria-label={`Remove match ${j + 1}`}
              onClick={() => onChange({ ...route, matches: route.matches.filter((_, k) => k !== j) })}
            >
              Remove match
            </button>
          </span>
        ))}
        <button
          type="button"
          className="button button--small"
          aria-label={`Add match to ${label}`}
          onClick={() =>
            onChange({ ...route, matches: [...route.matches, { key: freshVirtualServiceKey(props.form) }] })
          }
        >
          Add match
        </button>
      </div>
      <DestinationsTable
        routeLabel={label}
        path={base}
        destinations={route.destinations}
        withPort
        problems={problems}
        freshKey={() => freshVirtualServiceKey(props.form)}
        defaultHost={props.form.hosts[0] ?? ''}
        onChange={(destinations) => onChange({ ...route, destinations })}
      />
    </section>
  );
}

/**
 * A header's name: the mapping drops headers without a name, so a blank field is kept locally
 * (not written) until it holds a name again.
 */
function HeaderNameField(props: { label: string; value: string; onChange: (name: string) => void }) {
  const [text, setText] = useState(props.value);
  const [seen, setSeen] = useState(props.value);
  if (props.value !== seen) {
    setSeen(props.value);
    setText(props.value);
  }
  return (
    <TextField
      label={props.label}
      value={text || undefined}
      error={text.trim() === '' ? 'A header condition needs a name' : undefined}
      onChange={(v) => {
        setText(v ?? '');
        if (v?.trim()) props.onChange(v.trim());
      }}
    />
  );
}

/** A new header condition, added to the match only once it has a name (nameless ones are not written). */
function NewHeader(props: { match: number; taken: string[]; onAdd: (header: HeaderMatchForm) => void }) {
  const [header, setHeader] = useState<HeaderMatchForm>({ name: '', kind: 'exact', value: '' });
  const name = header.name.trim();
  const duplicate = props.taken.includes(name);
  const add = (e?: FormEvent) => {
    e?.preventDefault();
    if (!name || duplicate) return;
    props.onAdd({ ...header, name });
    setHeader({ name: '', kind: 'exact', value: '' });
  };
  const label = `of match ${props.match}`;
  return (
    <div className="form__row" role="group" aria-label={`New header condition ${label}`}>
      <TextField
        label={`New header name ${label}`}
        value={header.name || undefined}
        error={duplicate ? `Header ${name} is already matched` : undefined}
        onChange={(v) => setHeader({ ...header, name: v ?? '' })}
      />
      <SelectField
        label={`New header match kind ${label}`}
        value={header.kind}
        options={STRING_MATCH_KINDS}
        onChange={(kind) => setHeader({ ...header, kind: kind ?? 'exact' })}
      />
      <TextField
        label={`New header value ${label}`}
        value={header.value || undefined}
        placeholder="empty: header present"
        onChange={(v) => setHeader({ ...header, value: v ?? '' })}
      />
      <button
        type="button"
        className="button button--small"
        aria-label={`Add header to match ${props.match}`}
        disabled={!name || duplicate}
        onClick={() => add()}
      >
        Add header
      </button>
    </div>
  );
}
