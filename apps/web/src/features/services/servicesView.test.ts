import type { ServiceIstioConfig, ServiceListItem } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import {
  existingRouting,
  formatPort,
  formatReplicas,
  routingState,
  serviceRows,
  wizardActions,
} from './servicesView.ts';

const item = (namespace: string, name: string): ServiceListItem => ({
  namespace,
  name,
  selector: {},
  warnings: [],
  ports: [],
  labels: {},
  workloads: 0,
  versions: [],
});

describe('servicesView', () => {
  it.each([
    [{ name: 'http', port: 9080, protocol: 'TCP' }, 'http 9080/TCP'],
    [{ port: 9080 }, '9080'],
    [{ name: 'grpc', port: 50051 }, 'grpc 50051'],
  ])('formatPort(%j) = %s', (port, text) => expect(formatPort(port)).toBe(text));

  it('sorts rows of several namespaces by namespace, then name', () => {
    const rows = serviceRows([
      [item('bookinfo', 'reviews'), item('bookinfo', 'details')],
      [item('default', 'sleep'), item('alpha', 'z')],
    ]);
    expect(rows.map((r) => `${r.namespace}/${r.name}`)).toEqual([
      'alpha/z',
      'bookinfo/details',
      'bookinfo/reviews',
      'default/sleep',
    ]);
  });

  it.each([
    { config: undefined, state: { kind: 'unknown' } },
    { config: { hasVS: false, hasDR: false }, state: { kind: 'none' } },
    {
      config: { hasVS: true, hasDR: true },
      state: { kind: 'configured', objects: ['VS', 'DR'], severity: 'valid' },
    },
    {
      config: { hasVS: true, hasDR: false, worstSeverity: 'error' as const },
      state: { kind: 'configured', objects: ['VS'], severity: 'error' },
    },
    {
      config: { hasVS: false, hasDR: true, worstSeverity: 'warning' as const },
      state: { kind: 'configured', objects: ['DR'], severity: 'warning' },
    },
  ])('routingState $state.kind $state.severity', ({ config, state }) => {
    expect(routingState(config)).toEqual(state);
  });

  it.each([
    {
      versions: ['v1', 'v2', 'v3'],
      enabled: ['shift', 'header', 'fault', 'timeout'],
      reasons: [],
    },
    {
      versions: ['v1'],
      enabled: ['fault', 'timeout'],
      reasons: ['Needs two versions of reviews; it has one (v1)'],
    },
    { versions: [], enabled: [], reasons: ['No workload of reviews has a version label'] },
  ])('wizard actions with versions $versions', ({ versions, enabled, reasons }) => {
    const actions = wizardActions('bookinfo', 'reviews', versions);
    expect(actions.map((a) => a.label)).toEqual([
      'Shift traffic',
      'Route by header',
      'Inject fault',
      'Set timeout',
    ]);
    expect(actions.filter((a) => a.href).map((a) => a.kind)).toEqual(enabled);
    expect([...new Set(actions.flatMap((a) => (a.reason ? [a.reason] : [])))]).toEqual(reasons);
  });

  it('disables every wizard with the reason when RBAC refuses to create the VirtualService', () => {
    const reason = 'Kubernetes RBAC does not let bob create virtualservices in bookinfo';
    const actions = wizardActions('bookinfo', 'reviews', ['v1', 'v2'], {
      allowed: false,
      reason,
      viewOnly: false,
    });
    expect(actions.every((a) => a.href === undefined && a.reason === reason)).toBe(true);
    // View-only still opens the wizards (they say view-only themselves).
    const viewOnly = wizardActions('bookinfo', 'reviews', ['v1', 'v2'], {
      allowed: false,
      reason,
      viewOnly: true,
    });
    expect(viewOnly.every((a) => a.href !== undefined)).toBe(true);
  });

  it('links the wizards with the service, its versions and the kind', () => {
    const [shift, header] = wizardActions('bookinfo', 'reviews', ['v2', 'v1']);
    expect(shift!.href).toBe(
      '/istio/wizards/traffic-shift?namespace=bookinfo&service=reviews&versions=v1,v2',
    );
    expect(header!.href).toBe(
      '/istio/wizards/traffic-shift?namespace=bookinfo&service=reviews&versions=v1,v2&kind=header',
    );
  });

  it('counts only the objects written for the service as its existing routing', () => {
    const config = (name: string, relation: ServiceIstioConfig['relation']): ServiceIstioConfig => ({
      kind: 'VirtualService',
      name,
      namespace: 'bookinfo',
      relation,
      hosts: [],
      subsets: [],
      validations: [],
    });
    expect(
      existingRouting([config('gateway', 'destination'), config('reviews', 'host')]).map((c) => c.name),
    ).toEqual(['reviews']);
  });

  it.each([
    [2, 1, '1 of 2 ready'],
    [1, undefined, '1'],
    [undefined, undefined, '—'],
  ])('formatReplicas(%s, %s) = %s', (replicas, ready, text) =>
    expect(formatReplicas(replicas, ready)).toBe(text),
  );
});
