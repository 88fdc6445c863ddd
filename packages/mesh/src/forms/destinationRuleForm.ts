import type { IstioConfigObject } from '../validation/context.ts';
import {
  child,
  cloneJson,
  deepEqual,
  dropIfEmpty,
  readArray,
  readNumber,
  readObject,
  readString,
  setOrDelete,
  setPath,
  type JsonObject,
} from './json.ts';
import { freshKey, rebuildList, type OriginalIndex } from './keyedList.ts';

/**
 * The DestinationRule editor's form. Like the VirtualService form, `formToDestinationRule` writes
 * only the form's changes onto a copy of the original: exportTo, workloadSelector,
 * portLevelSettings, consistent-hash settings, TLS certificates and unknown fields survive.
 */
export interface DestinationRuleForm {
  host: string;
  subsets: SubsetForm[];
  trafficPolicy: TrafficPolicyForm;
}

export interface SubsetForm {
  key: string;
  name: string;
  labels: LabelForm[];
  trafficPolicy: TrafficPolicyForm;
}

export interface LabelForm {
  name: string;
  value: string;
}

export type SimpleLoadBalancer =
  'UNSPECIFIED' | 'RANDOM' | 'PASSTHROUGH' | 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'LEAST_CONN';
export const SIMPLE_LOAD_BALANCERS: readonly SimpleLoadBalancer[] = [
  'UNSPECIFIED',
  'RANDOM',
  'PASSTHROUGH',
  'ROUND_ROBIN',
  'LEAST_REQUEST',
  'LEAST_CONN',
];

export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
export const CLIENT_TLS_MODES: readonly ClientTlsMode[] = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

/** Unset fields are undefined; a value the form cannot show (an unknown enum) reads as unset and is kept unless edited. */
export interface TrafficPolicyForm {
  loadBalancer?: SimpleLoadBalancer;
  connectionPool: {
    tcpMaxConnections?: number;
    http1MaxPendingRequests?: number;
    http2MaxRequests?: number;
    maxRequestsPerConnection?: number;
  };
  outlierDetection: {
    consecutive5xxErrors?: number;
    interval?: string;
    baseEjectionTime?: string;
    maxEjectionPercent?: number;
  };
  tlsMode?: ClientTlsMode;
}

type Scalar = string | number | undefined;

/** Each form field of a traffic policy and where it lives in the spec's `trafficPolicy`. */
interface PolicyField {
  path: readonly string[];
  get(form: TrafficPolicyForm): Scalar;
  /** Reads the spec value into the form (unset when it is not something the form can show). */
  set(form: TrafficPolicyForm, value: unknown): void;
}

const POLICY_FIELDS: readonly PolicyField[] = [
  {
    path: ['loadBalancer', 'simple'],
    get: (f) => f.loadBalancer,
    set: (f, v) => (f.loadBalancer = oneOf(SIMPLE_LOAD_BALANCERS, v)),
  },
  {
    path: ['connectionPool', 'tcp', 'maxConnections'],
    get: (f) => f.connectionPool.tcpMaxConnections,
    set: (f, v) => (f.connectionPool.tcpMaxConnections = readNumber(v)),
  },
  {
    path: ['connectionPool', 'http', 'http1MaxPendingRequests'],
    get: (f) => f.connectionPool.http1MaxPendingRequests,
    set: (f, v) => (f.connectionPool.http1MaxPendingRequests = readNumber(v)),
  },
  {
    path: ['connectionPool', 'http', 'http2MaxRequests'],
    get: (f) => f.connectionPool.http2MaxRequests,
    set: (f, v) => (f.connectionPool.http2MaxRequests = readNumber(v)),
  },
  {
    path: ['connectionPool', 'http', 'maxRequestsPerConnection'],
    get: (f) => f.connectionPool.maxRequestsPerConnection,
    set: (f, v) => (f.connectionPool.maxRequestsPerConnection = readNumber(v)),
  },
  {
    path: ['outlierDetection', 'consecutive5xxErrors'],
    get: (f) => f.outlierDetection.consecutive5xxErrors,
    set: (f, v) => (f.outlierDetection.consecutive5xxErrors = readNumber(v)),
  },
  {
    path: ['outlierDetection', 'interval'],
    get: (f) => f.outlierDetection.interval,
    set: (f, v) => (f.outlierDetection.interval = readString(v)),
  },
  {
    path: ['outlierDetection', 'baseEjectionTime'],
    get: (f) => f.outlierDetection.baseEjectionTime,
    set: (f, v) => (f.outlierDetection.baseEjectionTime = readString(v)),
  },
  {
    path: ['outlierDetection', 'maxEjectionPercent'],
    get: (f) => f.outlierDetection.maxEjectionPercent,
    set: (f, v) => (f.outlierDetection.maxEjectionPercent = readNumber(v)),
  },
  {
    path: ['tls', 'mode'],
    get: (f) => f.tlsMode,
    set: (f, v) => (f.tlsMode = oneOf(CLIENT_TLS_MODES, v)),
  },
];

function oneOf<T extends string>(values: readonly T[], v: unknown): T | undefined {
  return values.find((x) => x === v);
}

function readPath(obj: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((o, k) => readObject(o)[k], obj);
}

// ---- spec -> form ---------------------------------------------------------------------------

export function destinationRuleToForm(obj: IstioConfigObject): DestinationRuleForm {
  return toForm(obj).form;
}

export const emptyTrafficPolicyForm = (): TrafficPolicyForm => ({ connectionPool: {}, outlierDetection: {} });

export const emptySubsetForm = (key: string, name = ''): SubsetForm => ({
  key,
  name,
  labels: [],
  trafficPolicy: emptyTrafficPolicyForm(),
});

function trafficPolicyToForm(raw: unknown): TrafficPolicyForm {
  const form = emptyTrafficPolicyForm();
  for (const field of POLICY_FIELDS) field.set(form, readPath(raw, field.path));
  return form;
}

function toForm(obj: IstioConfigObject): { form: DestinationRuleForm; subsets: OriginalIndex<SubsetForm> } {
  const spec = readObject(obj.spec);
  const subsets: OriginalIndex<SubsetForm> = new Map();
  const form: DestinationRuleForm = {
    host: readString(spec.host) ?? '',
    trafficPolicy: trafficPolicyToForm(spec.trafficPolicy),
    subsets: readArray(spec.subsets).map((raw, i) => {
      const s = readObject(raw);
      const subset: SubsetForm = {
        key: `subsets[${i}]`,
        name: readString(s.name) ?? '',
        labels: Object.entries(readObject(s.labels)).flatMap(([name, value]) =>
          typeof value === 'string' ? [{ name, value }] : [],
        ),
        trafficPolicy: trafficPolicyToForm(s.trafficPolicy),
      };
      subsets.set(subset.key, { raw, form: subset });
      return subset;
    }),
  };
  return { form, subsets };
}

// ---- form -> spec ---------------------------------------------------------------------------

/**
 * The object `form` describes, built on `original`: a deep copy with exactly the form's changes.
 * `formToDestinationRule(destinationRuleToForm(o), o)` is deep-equal to `o` for any `o`.
 */
export function formToDestinationRule<T extends IstioConfigObject>(
  form: DestinationRuleForm,
  original: T,
): T {
  const result = cloneJson(original);
  const ix = toForm(original);
  if (deepEqual(form, ix.form)) return result;
  const spec = child(result as unknown as JsonObject, 'spec');
  const before = ix.form;

  if (before.host !== form.host) spec.host = form.host.trim();
  applyTrafficPolicy(spec, before.trafficPolicy, form.trafficPolicy);
  if (!deepEqual(before.subsets, form.subsets)) {
    const built = rebuildList(form.subsets, ix.subsets, emptySubsetForm, (base, b, a) => {
      if (b.name !== a.name) base.name = a.name.trim();
      if (!deepEqual(b.labels, a.labels)) applyLabels(base, a.labels);
      applyTrafficPolicy(base, b.trafficPolicy, a.trafficPolicy);
    });
    // An untouched subset stays exactly as it was, even when it is not an object the form can read.
    const list = built.map((subset, i) => {
      const original = ix.subsets.get(form.subsets[i]!.key);
      return original && deepEqual(original.form, form.subsets[i]) ? cloneJson(original.raw) : subset;
    });
    setOrDelete(spec, 'subsets', list.length ? list : undefined);
  }
  return result;
}

/**
 * Writes the form's labels in place: the i-th string label of the original keeps the i-th slot
 * (so a renamed or re-valued label stays where it was), new ones go last. Label values that are
 * not strings cannot be shown: they stay where they are, unless a form label takes their name.
 */
function applyLabels(subset: JsonObject, labels: readonly LabelForm[]): void {
  const wanted = labels.flatMap(({ name, value }) => (name.trim() ? [[name.trim(), value] as const] : []));
  const names = new Set(wanted.map(([k]) => k));
  const out: JsonObject = {};
  let next = 0;
  for (const [k, v] of Object.entries(readObject(subset.labels))) {
    if (typeof v !== 'string') {
      if (!names.has(k)) out[k] = v;
    } else if (next < wanted.length) {
      const [name, value] = wanted[next++]!;
      out[name] = value;
    }
  }
  for (const [name, value] of wanted.slice(next)) out[name] = value;
  setOrDelete(subset, 'labels', Object.keys(out).length ? out : undefined);
}

function applyTrafficPolicy(owner: JsonObject, b: TrafficPolicyForm, a: TrafficPolicyForm): void {
  if (deepEqual(b, a)) return;
  const policy = child(owner, 'trafficPolicy');
  for (const field of POLICY_FIELDS) {
    const next = field.get(a);
    if (field.get(b) === next) continue;
    setPath(policy, field.path, next);
    // loadBalancer is a oneof: a simple algorithm replaces consistent hashing.
    if (field.path[0] === 'loadBalancer' && next !== undefined)
      delete readObject(policy.loadBalancer).consistentHash;
  }
  dropIfEmpty(owner, 'trafficPolicy');
}

/** A key no subset of `form` uses yet. */
export const freshSubsetKey = (form: DestinationRuleForm): string => freshKey(form.subsets.map((s) => s.key));
