import type { IstioConfigObject } from '../validation/context.ts';
import {
  child,
  cloneJson,
  deepEqual,
  dropIfEmpty,
  nonBlank,
  readArray,
  readNumber,
  readObject,
  readPercentage,
  readString,
  readStrings,
  setOrDelete,
  setPercentage,
  type JsonObject,
} from './json.ts';
import { freshKey, rebuildList, type OriginalIndex } from './keyedList.ts';

/**
 * The VirtualService editor's form: the fields it models, and nothing else. `formToVirtualService`
 * writes only what differs from the original's own form onto a copy of the original, so
 * everything the form does not show (corsPolicy, headers, rewrite, redirect, delegate, exportTo,
 * tls routes, metadata, fields of future Istio versions) survives every edit untouched.
 */
export interface VirtualServiceForm {
  hosts: string[];
  gateways: string[];
  http: HttpRouteForm[];
  tcp: TcpRouteForm[];
}

export type StringMatchKind = 'exact' | 'prefix' | 'regex';
export const STRING_MATCH_KINDS: readonly StringMatchKind[] = ['exact', 'prefix', 'regex'];

export interface StringMatchForm {
  kind: StringMatchKind;
  value: string;
}

export interface HeaderMatchForm extends StringMatchForm {
  name: string;
}

export interface HttpMatchForm {
  key: string;
  uri?: StringMatchForm;
  method?: StringMatchForm;
  headers: HeaderMatchForm[];
}

export interface DestinationForm {
  key: string;
  host: string;
  subset?: string;
  port?: number;
  weight?: number;
}

export interface FaultForm {
  delay?: { percentage?: number; fixedDelay?: string };
  abort?: { percentage?: number; httpStatus?: number };
}

export interface RetriesForm {
  attempts?: number;
  perTryTimeout?: string;
  retryOn?: string;
}

export interface MirrorForm {
  host: string;
  subset?: string;
  port?: number;
}

export interface HttpRouteForm {
  key: string;
  name?: string;
  matches: HttpMatchForm[];
  destinations: DestinationForm[];
  fault: FaultForm;
  timeout?: string;
  retries?: RetriesForm;
  mirror?: MirrorForm;
  mirrorPercentage?: number;
}

export interface TcpMatchForm {
  key: string;
  port?: number;
}

export interface TcpRouteForm {
  key: string;
  matches: TcpMatchForm[];
  destinations: DestinationForm[];
}

// ---- spec -> form ---------------------------------------------------------------------------

export function virtualServiceToForm(obj: IstioConfigObject): VirtualServiceForm {
  return toForm(obj).form;
}

interface Indexed {
  form: VirtualServiceForm;
  httpRoutes: OriginalIndex<HttpRouteForm>;
  tcpRoutes: OriginalIndex<TcpRouteForm>;
  httpMatches: OriginalIndex<HttpMatchForm>;
  tcpMatches: OriginalIndex<TcpMatchForm>;
  destinations: OriginalIndex<DestinationForm>;
}

function toForm(obj: IstioConfigObject): Indexed {
  const spec = readObject(obj.spec);
  const ix: Indexed = {
    form: { hosts: readStrings(spec.hosts), gateways: readStrings(spec.gateways), http: [], tcp: [] },
    httpRoutes: new Map(),
    tcpRoutes: new Map(),
    httpMatches: new Map(),
    tcpMatches: new Map(),
    destinations: new Map(),
  };
  const destinationsOf = (rawRoute: unknown, base: string) =>
    readArray(rawRoute).map((raw, k) => {
      const form = destinationToForm(raw, `${base}.route[${k}]`);
      ix.destinations.set(form.key, { raw, form });
      return form;
    });

  ix.form.http = readArray(spec.http).map((raw, i) => {
    const key = `http[${i}]`;
    const r = readObject(raw);
    const matches = readArray(r.match).map((m, j) => {
      const form = httpMatchToForm(m, `${key}.match[${j}]`);
      ix.httpMatches.set(form.key, { raw: m, form });
      return form;
    });
    const mirror = r.mirror === undefined ? undefined : destinationFields(readObject(r.mirror));
    const form: HttpRouteForm = {
      key,
      name: readString(r.name),
      matches,
      destinations: destinationsOf(r.route, key),
      fault: faultToForm(r.fault),
      timeout: readString(r.timeout),
      retries: r.retries === undefined ? undefined : retriesToForm(r.retries),
      mirror: mirror && { host: mirror.host, subset: mirror.subset, port: mirror.port },
      mirrorPercentage: readPercentage(r.mirrorPercentage),
    };
    ix.httpRoutes.set(key, { raw, form });
    return form;
  });

  ix.form.tcp = readArray(spec.tcp).map((raw, i) => {
    const key = `tcp[${i}]`;
    const r = readObject(raw);
    const matches = readArray(r.match).map((m, j) => {
      const form: TcpMatchForm = { key: `${key}.match[${j}]`, port: readNumber(readObject(m).port) };
      ix.tcpMatches.set(form.key, { raw: m, form });
      return form;
    });
    const form: TcpRouteForm = { key, matches, destinations: destinationsOf(r.route, key) };
    ix.tcpRoutes.set(key, { raw, form });
    return form;
  });
  return ix;
}

/** The first of exact/prefix/regex set; anything else reads as an empty exact match (and is kept unless edited). */
function stringMatchToForm(v: unknown): StringMatchForm {
  const m = readObject(v);
  for (const kind of STRING_MATCH_KINDS) {
    const value = readString(m[kind]);
    if (value !== undefined) return { kind, value };
  }
  return { kind: 'exact', value: '' };
}

function httpMatchToForm(raw: unknown, key: string): HttpMatchForm {
  const m = readObject(raw);
  return {
    key,
    uri: m.uri === undefined ? undefined : stringMatchToForm(m.uri),
    method: m.method === undefined ? undefined : stringMatchToForm(m.method),
    headers: Object.entries(readObject(m.headers)).map(([name, v]) => ({ name, ...stringMatchToForm(v) })),
  };
}

function destinationFields(d: JsonObject): { host: string; subset?: string; port?: number } {
  return {
    host: readString(d.host) ?? '',
    subset: readString(d.subset),
    port: readNumber(readObject(d.port).number),
  };
}

function destinationToForm(raw: unknown, key: string): DestinationForm {
  const d = readObject(raw);
  return { key, ...destinationFields(readObject(d.destination)), weight: readNumber(d.weight) };
}

function faultToForm(raw: unknown): FaultForm {
  const fault = readObject(raw);
  const form: FaultForm = {};
  if (fault.delay !== undefined) {
    const d = readObject(fault.delay);
    form.delay = { percentage: readPercentage(d.percentage), fixedDelay: readString(d.fixedDelay) };
  }
  if (fault.abort !== undefined) {
    const a = readObject(fault.abort);
    form.abort = { percentage: readPercentage(a.percentage), httpStatus: readNumber(a.httpStatus) };
  }
  return form;
}

function retriesToForm(raw: unknown): RetriesForm {
  const r = readObject(raw);
  return {
    attempts: readNumber(r.attempts),
    perTryTimeout: readString(r.perTryTimeout),
    retryOn: readString(r.retryOn),
  };
}

// ---- form -> spec ---------------------------------------------------------------------------

/**
 * The object `form` describes, built on `original` (the object the form was made from): a deep
 * copy of it with exactly the form's changes applied. `formToVirtualService(virtualServiceToForm(o), o)`
 * is deep-equal to `o` for any `o`.
 */
export function formToVirtualService<T extends IstioConfigObject>(form: VirtualServiceForm, original: T): T {
  const result = cloneJson(original);
  const ix = toForm(original);
  if (deepEqual(form, ix.form)) return result;
  const spec = child(result as unknown as JsonObject, 'spec');
  const before = ix.form;

  if (!deepEqual(before.hosts, form.hosts))
    setOrDelete(spec, 'hosts', listOrUndefined(cleanList(form.hosts)));
  if (!deepEqual(before.gateways, form.gateways)) {
    setOrDelete(spec, 'gateways', listOrUndefined(cleanList(form.gateways)));
  }

  const applyDestinations = (
    base: JsonObject,
    b: { destinations: DestinationForm[] },
    a: { destinations: DestinationForm[] },
  ) => {
    if (deepEqual(b.destinations, a.destinations)) return;
    const list = rebuildList(a.destinations, ix.destinations, emptyDestination, applyDestination);
    setOrDelete(base, 'route', listOrUndefined(list));
  };

  if (!deepEqual(before.http, form.http)) {
    const list = rebuildList(form.http, ix.httpRoutes, emptyHttpRouteForm, (base, b, a) => {
      if (b.name !== a.name) setOrDelete(base, 'name', nonBlank(a.name));
      if (!deepEqual(b.matches, a.matches)) {
        setOrDelete(
          base,
          'match',
          listOrUndefined(rebuildList(a.matches, ix.httpMatches, emptyHttpMatch, applyHttpMatch)),
        );
      }
      applyDestinations(base, b, a);
      if (b.timeout !== a.timeout) setOrDelete(base, 'timeout', nonBlank(a.timeout));
      applyRetries(base, b.retries, a.retries);
      applyFault(base, b.fault, a.fault);
      applyMirror(base, b.mirror, a.mirror);
      if (b.mirrorPercentage !== a.mirrorPercentage)
        setPercentage(base, 'mirrorPercentage', a.mirrorPercentage);
    });
    setOrDelete(spec, 'http', listOrUndefined(list));
  }

  if (!deepEqual(before.tcp, form.tcp)) {
    const list = rebuildList(form.tcp, ix.tcpRoutes, emptyTcpRouteForm, (base, b, a) => {
      if (!deepEqual(b.matches, a.matches)) {
        const matches = rebuildList(
          a.matches,
          ix.tcpMatches,
          (key): TcpMatchForm => ({ key }),
          (m, mb, ma) => {
            if (mb.port !== ma.port) setOrDelete(m, 'port', ma.port);
          },
        );
        setOrDelete(base, 'match', listOrUndefined(matches));
      }
      applyDestinations(base, b, a);
    });
    setOrDelete(spec, 'tcp', listOrUndefined(list));
  }
  return result;
}

/** Trimmed entries, blank ones (an empty row the editor added) dropped. */
const cleanList = (list: readonly string[]): string[] => list.map((x) => x.trim()).filter(Boolean);

const listOrUndefined = <T>(list: readonly T[]): T[] | undefined => (list.length ? [...list] : undefined);

export const emptyHttpRouteForm = (key: string): HttpRouteForm => ({
  key,
  matches: [],
  destinations: [],
  fault: {},
});

export const emptyTcpRouteForm = (key: string): TcpRouteForm => ({ key, matches: [], destinations: [] });

const emptyHttpMatch = (key: string): HttpMatchForm => ({ key, headers: [] });

const emptyDestination = (key: string): DestinationForm => ({ key, host: '' });

/** A key no list item of `form` uses yet, for a route, match or destination the editor adds. */
export function freshVirtualServiceKey(form: VirtualServiceForm): string {
  const keys = [...form.http, ...form.tcp].flatMap((r) => [
    r.key,
    ...r.matches.map((m) => m.key),
    ...r.destinations.map((d) => d.key),
  ]);
  return freshKey(keys);
}

/** An empty value is no matcher: `{exact: ''}` would be refused or match nothing. */
const stringMatch = (m: StringMatchForm): JsonObject | undefined =>
  m.value.trim() === '' ? undefined : { [m.kind]: m.value };

/** A URI or method condition: one with an empty value is dropped, not written empty. */
function applyStringMatch(
  base: JsonObject,
  key: string,
  b: StringMatchForm | undefined,
  a: StringMatchForm | undefined,
) {
  if (deepEqual(b, a)) return;
  setOrDelete(base, key, a && stringMatch(a));
}

function applyHttpMatch(base: JsonObject, b: HttpMatchForm, a: HttpMatchForm): void {
  applyStringMatch(base, 'uri', b.uri, a.uri);
  applyStringMatch(base, 'method', b.method, a.method);
  if (deepEqual(b.headers, a.headers)) return;
  const previous = readObject(base.headers);
  const headers: JsonObject = {};
  for (const h of a.headers) {
    const name = h.name.trim();
    if (!name) continue;
    const was = previous[name];
    // An unchanged header keeps its original entry, whatever shape it had. Without a value, the
    // header's presence is the condition (Istio's `{}`), never an empty string matcher.
    const same = was !== undefined && deepEqual(stringMatchToForm(was), { kind: h.kind, value: h.value });
    headers[name] = same ? was : (stringMatch(h) ?? {});
  }
  setOrDelete(base, 'headers', Object.keys(headers).length ? headers : undefined);
}

function applyDestinationFields(
  dest: JsonObject,
  b: { host: string; subset?: string; port?: number },
  a: { host: string; subset?: string; port?: number },
): void {
  if (b.host !== a.host) dest.host = a.host.trim();
  if (b.subset !== a.subset) setOrDelete(dest, 'subset', nonBlank(a.subset));
  if (b.port !== a.port) {
    if (a.port === undefined) delete dest.port;
    else dest.port = { ...readObject(dest.port), number: a.port };
  }
}

function applyDestination(base: JsonObject, b: DestinationForm, a: DestinationForm): void {
  if (b.host !== a.host || b.subset !== a.subset || b.port !== a.port) {
    applyDestinationFields(child(base, 'destination'), b, a);
  }
  if (b.weight !== a.weight) setOrDelete(base, 'weight', a.weight);
}

/** A sub-object the form shows as present or absent (fault.delay, retries, mirror...). */
function applyOptional<F>(
  parent: JsonObject,
  key: string,
  b: F | undefined,
  a: F | undefined,
  empty: F,
  fields: (target: JsonObject, b: F, a: F) => void,
): void {
  if (deepEqual(b, a)) return;
  if (a === undefined) {
    delete parent[key];
    return;
  }
  if (b === undefined) parent[key] = {};
  fields(child(parent, key), b ?? empty, a);
}

function applyFault(base: JsonObject, b: FaultForm, a: FaultForm): void {
  if (deepEqual(b, a)) return;
  const fault = child(base, 'fault');
  applyOptional(fault, 'delay', b.delay, a.delay, {}, (delay, db, da) => {
    if (db.percentage !== da.percentage) setPercentage(delay, 'percentage', da.percentage);
    if (db.fixedDelay !== da.fixedDelay) setOrDelete(delay, 'fixedDelay', nonBlank(da.fixedDelay));
  });
  applyOptional(fault, 'abort', b.abort, a.abort, {}, (abort, ab, aa) => {
    if (ab.percentage !== aa.percentage) setPercentage(abort, 'percentage', aa.percentage);
    if (ab.httpStatus !== aa.httpStatus) setOrDelete(abort, 'httpStatus', aa.httpStatus);
  });
  dropIfEmpty(base, 'fault');
}

function applyRetries(base: JsonObject, b: RetriesForm | undefined, a: RetriesForm | undefined): void {
  applyOptional(base, 'retries', b, a, {}, (retries, rb, ra) => {
    if (rb.attempts !== ra.attempts) setOrDelete(retries, 'attempts', ra.attempts);
    if (rb.perTryTimeout !== ra.perTryTimeout)
      setOrDelete(retries, 'perTryTimeout', nonBlank(ra.perTryTimeout));
    if (rb.retryOn !== ra.retryOn) setOrDelete(retries, 'retryOn', nonBlank(ra.retryOn));
  });
}

function applyMirror(base: JsonObject, b: MirrorForm | undefined, a: MirrorForm | undefined): void {
  applyOptional(base, 'mirror', b, a, { host: '' }, applyDestinationFields);
}
