import * as networkingV1 from '@kubernetes-models/istio/networking.istio.io/v1';
import * as networkingV1alpha3 from '@kubernetes-models/istio/networking.istio.io/v1alpha3';
import * as networkingV1beta1 from '@kubernetes-models/istio/networking.istio.io/v1beta1';
import * as securityV1 from '@kubernetes-models/istio/security.istio.io/v1';
import * as securityV1beta1 from '@kubernetes-models/istio/security.istio.io/v1beta1';
import type { StatusCause } from '../store/errors.ts';
import type { KubeObject } from '../store/types.ts';
import type { ResourceType } from './resources.ts';

type Validatable = new (data: never) => { validate(): void };

const ISTIO_MODELS: Record<string, Record<string, unknown>> = {
  'networking.istio.io/v1': networkingV1,
  'networking.istio.io/v1beta1': networkingV1beta1,
  'networking.istio.io/v1alpha3': networkingV1alpha3,
  'security.istio.io/v1': securityV1,
  'security.istio.io/v1beta1': securityV1beta1,
};

/** `/spec/http/0/route` -> `spec.http[0].route`, the field path form of Kubernetes Status causes. */
export function toFieldPath(pointer: string): string {
  return pointer
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg), '');
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object')
    return `"${Array.isArray(value) ? 'array' : value === null ? 'null' : 'object'}"`;
  return String(value);
}

function valueAt(object: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .filter((p) => p !== '')
    .reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      object,
    );
}

function schemaCauses(object: KubeObject, errors: AjvError[]): StatusCause[] {
  return errors.map((e) => {
    const field =
      e.keyword === 'required' && typeof e.params?.missingProperty === 'string'
        ? toFieldPath(`${e.instancePath}/${e.params.missingProperty}`)
        : toFieldPath(e.instancePath);
    if (e.keyword === 'required') return { reason: 'FieldValueRequired', message: 'Required value', field };
    const value = valueAt(object, e.instancePath);
    const reason =
      e.keyword === 'type'
        ? 'FieldValueTypeInvalid'
        : e.keyword === 'enum'
          ? 'FieldValueNotSupported'
          : 'FieldValueInvalid';
    const detail =
      e.keyword === 'enum' && Array.isArray(e.params?.allowedValues)
        ? `supported values: ${(e.params.allowedValues as unknown[]).map((v) => `"${String(v)}"`).join(', ')}`
        : `${field} in body ${e.message ?? 'is invalid'}`;
    return { reason, message: `Invalid value: ${describeValue(value)}: ${detail}`, field };
  });
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The checks Istio's validating webhook adds to the CRD schemas, for the fields the simulator routes on. */
function istioSemanticCauses(kind: string, spec: Record<string, unknown>): StatusCause[] {
  const causes: StatusCause[] = [];
  const invalid = (field: string, value: unknown, why: string): void => {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${describeValue(value)}: ${why}`,
      field,
    });
  };
  if (kind === 'VirtualService') {
    if (asArray(spec.hosts).length === 0)
      causes.push({
        reason: 'FieldValueRequired',
        message: 'Required value: virtual service must have at least one host',
        field: 'spec.hosts',
      });
    for (const proto of ['http', 'tcp', 'tls'] as const) {
      asArray(spec[proto]).forEach((route, i) => {
        asArray(asRecord(route).route).forEach((dest, j) => {
          const weight = asRecord(dest).weight;
          if (typeof weight === 'number' && (weight < 0 || weight > 100))
            invalid(`spec.${proto}[${i}].route[${j}].weight`, weight, 'weight must be in range 0..100');
        });
        const abort = asRecord(asRecord(asRecord(route).fault).abort);
        if (typeof abort.httpStatus === 'number' && (abort.httpStatus < 200 || abort.httpStatus > 599))
          invalid(
            `spec.${proto}[${i}].fault.abort.httpStatus`,
            abort.httpStatus,
            'must be a valid HTTP status code',
          );
      });
    }
  }
  if (kind === 'DestinationRule' && (typeof spec.host !== 'string' || spec.host === ''))
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: destination rule must have a host',
      field: 'spec.host',
    });
  if (kind === 'ServiceEntry' && asArray(spec.hosts).length === 0)
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: service entry must have at least one host',
      field: 'spec.hosts',
    });
  return causes;
}

export function validateIstio(resource: ResourceType, version: string, object: KubeObject): StatusCause[] {
  const models =
    ISTIO_MODELS[`${resource.group}/${version}`] ?? ISTIO_MODELS[`${resource.group}/${resource.versions[0]}`];
  const Model = models?.[resource.kind] as Validatable | undefined;
  if (!Model) return [];
  if (object.spec === undefined)
    return [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec' }];
  try {
    new Model(object as never).validate();
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (Array.isArray(errors)) return schemaCauses(object, errors);
    return [{ reason: 'FieldValueInvalid', message: String((error as Error).message), field: 'spec' }];
  }
  return istioSemanticCauses(resource.kind, asRecord(object.spec));
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateName(resource: ResourceType, name: unknown): StatusCause[] {
  if (typeof name !== 'string' || name === '')
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ];
  const labelKinds = ['Namespace', 'Service'];
  const ok = labelKinds.includes(resource.kind)
    ? DNS1123_LABEL.test(name) && name.length <= 63
    : DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
  if (ok) return [];
  return [
    {
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${labelKinds.includes(resource.kind) ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      field: 'metadata.name',
    },
  ];
}

/** The few core-kind rules the simulated controllers depend on. */
export function validateCore(resource: ResourceType, object: KubeObject): StatusCause[] {
  const spec = asRecord(object.spec);
  const causes: StatusCause[] = [];
  if (resource.kind === 'Deployment') {
    const replicas = spec.replicas;
    if (replicas !== undefined && (!Number.isInteger(replicas) || (replicas as number) < 0))
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${describeValue(replicas)}: must be greater than or equal to 0`,
        field: 'spec.replicas',
      });
    const selector = asRecord(asRecord(spec.selector).matchLabels);
    const templateLabels = asRecord(asRecord(asRecord(spec.template).metadata).labels);
    if (Object.keys(selector).length === 0)
      causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' });
    else if (!Object.entries(selector).every(([k, v]) => templateLabels[k] === v))
      causes.push({
        reason: 'FieldValueInvalid',
        message: 'Invalid value: map: `selector` does not match template `labels`',
        field: 'spec.template.metadata.labels',
      });
    if (asArray(asRecord(asRecord(spec.template).spec).containers).length === 0)
      causes.push({
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.template.spec.containers',
      });
  }
  if (resource.kind === 'Service' && spec.type !== 'ExternalName' && asArray(spec.ports).length === 0)
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.ports' });
  if (resource.group === 'rbac.authorization.k8s.io') causes.push(...rbacCauses(resource, object));
  if (resource.kind === 'Secret')
    for (const [key, value] of Object.entries(asRecord(object.data)))
      if (typeof value !== 'string' || !BASE64.test(value))
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${describeValue(value)}: must be base64-encoded`,
          field: `data[${key}]`,
        });
  return causes;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The RBAC fields whose absence or wrong value the real API server rejects. */
function rbacCauses(resource: ResourceType, object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const required = (field: string): void => {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field });
  };
  if (resource.kind === 'ClusterRole' || resource.kind === 'Role') {
    asArray(object.rules).forEach((rule, i) => {
      const r = asRecord(rule);
      if (asArray(r.verbs).length === 0) required(`rules[${i}].verbs`);
      if (asArray(r.nonResourceURLs).length === 0 && asArray(r.resources).length === 0)
        required(`rules[${i}].resources`);
    });
    return causes;
  }
  const roleRef = asRecord(object.roleRef);
  const allowedKinds = resource.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (typeof roleRef.name !== 'string' || roleRef.name === '') required('roleRef.name');
  if (roleRef.apiGroup !== 'rbac.authorization.k8s.io')
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${describeValue(roleRef.apiGroup)}: supported values: "rbac.authorization.k8s.io"`,
      field: 'roleRef.apiGroup',
    });
  if (!allowedKinds.includes(String(roleRef.kind)))
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${describeValue(roleRef.kind)}: supported values: ${allowedKinds.map((k) => `"${k}"`).join(', ')}`,
      field: 'roleRef.kind',
    });
  asArray(object.subjects).forEach((subject, i) => {
    const s = asRecord(subject);
    if (typeof s.name !== 'string' || s.name === '') required(`subjects[${i}].name`);
    if (
      s.kind === 'ServiceAccount' &&
      !resource.namespaced &&
      (typeof s.namespace !== 'string' || s.namespace === '')
    )
      required(`subjects[${i}].namespace`);
  });
  return causes;
}
