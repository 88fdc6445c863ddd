import { describe, expect, it } from 'vitest';
import {
  ISTIO_RESOURCES,
  istioConfigListSchema,
  istioDryRunSchema,
  istioKindSchema,
  istioObjectEnvelopeSchema,
  istioResourceOf,
  istioResourceSchema,
  validationSchema,
} from './istioConfig.ts';

const kubectlVirtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: {
    name: 'reviews',
    namespace: 'bookinfo',
    resourceVersion: '4711',
    uid: '6d1f0d2e-1111-4c5e-9d7a-000000000001',
    generation: 3,
    creationTimestamp: '2025-01-01T00:00:00Z',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"VirtualService"}' },
    managedFields: [
      { manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: { 'f:spec': {} } },
    ],
  },
  spec: {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], corsPolicy: { maxAge: '1h' } }],
    futureField: { anything: [1, 2] },
  },
  status: { observedGeneration: 3 },
};

const finding = {
  code: 'VS_SUBSET_NOT_FOUND',
  severity: 'error',
  message: 'Subset "v1" is not defined',
  objectRef: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
  path: 'spec.http[0].route[0].destination.subset',
};

describe('istio config contracts', () => {
  it('keep every field of an object, including ones no schema names', () => {
    const envelope = istioObjectEnvelopeSchema.parse({
      object: kubectlVirtualService,
      validations: [finding],
    });
    expect(envelope.object).toEqual(kubectlVirtualService);
  });

  it('parse a namespace list with items and their findings', () => {
    const list = istioConfigListSchema.parse({
      namespace: 'bookinfo',
      items: [
        {
          kind: 'VirtualService',
          name: 'reviews',
          namespace: 'bookinfo',
          resourceVersion: '4711',
          creationTimestamp: '2025-01-01T00:00:00Z',
          validations: [finding],
          object: kubectlVirtualService,
        },
      ],
    });
    expect(list.items[0]?.object.spec).toEqual(kubectlVirtualService.spec);
  });

  it('parse a dry run with and without a diff', () => {
    const withDiff = {
      object: kubectlVirtualService,
      validations: [],
      diff: [
        { op: 'context', text: 'spec:', oldLine: 1, newLine: 1 },
        { op: 'remove', text: '  weight: 50', oldLine: 2 },
        { op: 'add', text: '  weight: 60', newLine: 2 },
      ],
    };
    expect(istioDryRunSchema.parse(withDiff)).toEqual(withDiff);
    expect(istioDryRunSchema.safeParse({ object: kubectlVirtualService, validations: [] }).success).toBe(
      true,
    );
  });

  it.each([
    ['unknown severity', { ...finding, severity: 'fatal' }],
    ['unknown kind', { ...finding, objectRef: { ...finding.objectRef, kind: 'Deployment' } }],
    ['missing path', { ...finding, path: undefined }],
  ])('reject a finding with %s', (_what, bad) => {
    expect(validationSchema.safeParse(bad).success).toBe(false);
  });

  it('keep codes open so a newer server finding still parses', () => {
    expect(validationSchema.safeParse({ ...finding, code: 'SOMETHING_NEW' }).success).toBe(true);
  });

  it('map every resource to a kind and back', () => {
    for (const resource of istioResourceSchema.options) {
      expect(istioResourceOf(ISTIO_RESOURCES[resource].kind)).toBe(resource);
    }
    expect(new Set(Object.values(ISTIO_RESOURCES).map((r) => r.kind))).toEqual(
      new Set(istioKindSchema.options),
    );
  });
});
