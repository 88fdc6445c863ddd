import { readFileSync } from 'node:fs';
import { istioObjectSchema, istioResourceSchema, type IstioResource } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { emptyClusterState } from '../cluster/clusterState.ts';
import { toClusterState, type KubeObjectsByKind } from '../cluster/toClusterState.ts';
import { validationContext } from '../validation/context.ts';
import { validateObject } from '../validation/validate.ts';
import { freeName, istioTemplate, templateService, type TemplateService } from './templates.ts';

const bookinfo = toClusterState(
  JSON.parse(
    readFileSync(new URL('../graph/__fixtures__/bookinfo/kubernetes.json', import.meta.url), 'utf8'),
  ) as KubeObjectsByKind,
);
const empty = emptyClusterState({
  namespaces: [{ name: 'shop', labels: {}, annotations: {} }],
});
const ratings: TemplateService = { name: 'ratings', versions: ['v1', 'v2'], workloads: 2 };

/** `[code, severity]` of what validation finds in the template, judged against `cluster`. */
function findings(resource: IstioResource, cluster = bookinfo, service?: TemplateService, ns = 'bookinfo') {
  const template = istioTemplate(resource, { namespace: ns, service });
  return validateObject(template, validationContext(cluster, [template])).map((v) => [v.code, v.severity]);
}

describe('istioTemplate', () => {
  it.each(istioResourceSchema.options)('%s parses as an Istio object of its kind, in the namespace', (r) => {
    const template = istioTemplate(r, { namespace: 'bookinfo', service: ratings });
    expect(istioObjectSchema.parse(template)).toEqual(template);
    expect(template.metadata).toEqual({ name: expect.stringMatching(/^[a-z0-9-]+$/), namespace: 'bookinfo' });
    expect(template.metadata.resourceVersion).toBeUndefined();
  });

  it.each<[IstioResource, Array<[string, string]>]>([
    ['peerauthentications', []],
    ['authorizationpolicies', []],
    ['sidecars', []],
    ['gateways', []],
    ['serviceentries', []],
    ['requestauthentications', []],
    ['destinationrules', []],
    ['virtualservices', []],
  ])('%s aimed at a Service of Bookinfo: validation finds %j', (r, expected) =>
    expect(findings(r, bookinfo, ratings)).toEqual(expected),
  );

  // Without a Service to aim at, selectors and hosts are placeholders: warnings, never errors,
  // except a VirtualService, whose route must name a host that exists.
  it.each<[IstioResource, Array<[string, string]>]>([
    ['peerauthentications', []],
    ['authorizationpolicies', [['SELECTOR_NO_WORKLOAD', 'warning']]],
    ['sidecars', []],
    ['gateways', [['SELECTOR_NO_WORKLOAD', 'warning']]],
    ['serviceentries', []],
    ['requestauthentications', [['SELECTOR_NO_WORKLOAD', 'warning']]],
    ['destinationrules', [['DR_HOST_NOT_FOUND', 'warning']]],
    ['virtualservices', [['VS_DEST_HOST_NOT_FOUND', 'error']]],
  ])('%s in an empty namespace: validation finds %j', (r, expected) =>
    expect(findings(r, empty, undefined, 'shop')).toEqual(expected),
  );

  it.each<[IstioResource, Record<string, unknown>]>([
    ['peerauthentications', { mtls: { mode: 'STRICT' } }],
    ['sidecars', { egress: [{ hosts: ['./*', 'istio-system/*'] }] }],
    [
      'destinationrules',
      {
        host: 'ratings',
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    ],
    ['virtualservices', { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings' } }] }] }],
  ])('%s spec', (r, spec) =>
    expect(istioTemplate(r, { namespace: 'bookinfo', service: ratings }).spec).toEqual(spec),
  );

  it('aims selectors at the Service, and the Gateway at the ingress gateway', () => {
    const spec = (r: IstioResource) => istioTemplate(r, { namespace: 'bookinfo', service: ratings }).spec;
    expect(spec('authorizationpolicies')).toMatchObject({
      selector: { matchLabels: { app: 'ratings' } },
      action: 'ALLOW',
    });
    expect(spec('requestauthentications')).toMatchObject({ selector: { matchLabels: { app: 'ratings' } } });
    expect(spec('gateways')).toMatchObject({ selector: { istio: 'ingressgateway' } });
  });

  it('picks a name not taken yet', () => {
    const pa = istioTemplate('peerauthentications', { namespace: 'b', taken: ['default', 'default-2'] });
    expect(pa.metadata.name).toBe('default-3');
  });
});

describe('templateService', () => {
  const services: TemplateService[] = [
    { name: 'reviews', workloads: 3, config: { hasVS: true, hasDR: true } },
    { name: 'legacy', workloads: 0, config: { hasVS: false, hasDR: false } },
    { name: 'details', workloads: 1, config: { hasVS: true, hasDR: false } },
    { name: 'ratings', workloads: 2, config: { hasVS: false, hasDR: true } },
  ];
  it.each<[IstioResource, string | undefined]>([
    ['destinationrules', 'details'],
    ['virtualservices', 'ratings'],
    ['authorizationpolicies', 'details'],
    ['peerauthentications', 'details'],
  ])('%s -> %s', (r, name) => expect(templateService(r, services)?.name).toBe(name));
  it('falls back to the first Service, and to none', () => {
    expect(templateService('destinationrules', [services[0]!])?.name).toBe('reviews');
    expect(templateService('virtualservices', [])).toBeUndefined();
  });
});

describe('freeName', () => {
  it.each<[string, string[], string]>([
    ['default', [], 'default'],
    ['default', ['default'], 'default-2'],
    ['default', ['default', 'default-2'], 'default-3'],
  ])('%s with %j taken -> %s', (base, taken, want) => expect(freeName(base, taken)).toBe(want));
});
