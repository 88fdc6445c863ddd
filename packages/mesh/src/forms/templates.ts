import { ISTIO_RESOURCES, type IstioObjectJson, type IstioResource } from '@sextant/contracts';

/** A Service of the namespace a template can aim at (routing rules, workload selectors). */
export interface TemplateService {
  name: string;
  /** The distinct `version` labels of its workloads: one DestinationRule subset each. */
  versions?: readonly string[];
  /** How many workloads its selector matches; 0 makes it a poor target for a selector. */
  workloads?: number;
  config?: { hasVS: boolean; hasDR: boolean };
}

export interface TemplateInput {
  namespace: string;
  /** The Service the template aims at; without one, selectors and hosts are placeholders. */
  service?: TemplateService | undefined;
  /** Names objects of this kind already have in the namespace: the template picks another. */
  taken?: readonly string[];
}

/** What an ingress gateway's pods carry in a default Istio install (and in mesh-sim's Bookinfo). */
export const INGRESS_GATEWAY_SELECTOR = { istio: 'ingressgateway' } as const;

/** Used when the namespace has no Service to aim at: a name that reads as one to replace. */
const PLACEHOLDER_APP = 'my-app';

/**
 * A sensible, valid starting point for a new object of `resource` in `input.namespace`: what Kiali's
 * "Create" offers, shaped so the dry run accepts it and it does something useful once created
 * (STRICT mTLS for the namespace, an ALLOW rule for one app, a Sidecar limiting egress, …).
 */
export function istioTemplate(resource: IstioResource, input: TemplateInput): IstioObjectJson {
  const { namespace, service } = input;
  const app = service?.name ?? PLACEHOLDER_APP;
  const { group, version, kind } = ISTIO_RESOURCES[resource];
  const object = (name: string, spec: Record<string, unknown>): IstioObjectJson => ({
    apiVersion: `${group}/${version}`,
    kind,
    metadata: { name: freeName(name, input.taken ?? []), namespace },
    spec,
  });
  switch (resource) {
    case 'peerauthentications':
      // `default` is the name Istio's docs give the namespace-wide policy.
      return object('default', { mtls: { mode: 'STRICT' } });
    case 'authorizationpolicies':
      return object(`${app}-allow-get`, {
        selector: { matchLabels: { app } },
        action: 'ALLOW',
        rules: [
          {
            from: [{ source: { namespaces: [namespace] } }],
            to: [{ operation: { methods: ['GET'] } }],
          },
        ],
      });
    case 'sidecars':
      return object('default', { egress: [{ hosts: ['./*', 'istio-system/*'] }] });
    case 'gateways':
      return object(`${namespace}-gateway`, {
        selector: { ...INGRESS_GATEWAY_SELECTOR },
        servers: [
          { port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: [`${namespace}.example.com`] },
        ],
      });
    case 'serviceentries':
      return object('external-api', {
        hosts: ['api.example.com'],
        location: 'MESH_EXTERNAL',
        resolution: 'DNS',
        ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
      });
    case 'requestauthentications':
      return object(`${app}-jwt`, {
        selector: { matchLabels: { app } },
        jwtRules: [
          {
            issuer: 'https://accounts.example.com',
            jwksUri: 'https://accounts.example.com/.well-known/jwks.json',
          },
        ],
      });
    case 'destinationrules': {
      const versions = service?.versions ?? [];
      return object(app, {
        host: app,
        ...(versions.length > 0
          ? { subsets: versions.map((v) => ({ name: v, labels: { version: v } })) }
          : { trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }),
      });
    }
    case 'virtualservices':
      return object(app, {
        hosts: [app],
        http: [{ route: [{ destination: { host: app } }] }],
      });
  }
}

/**
 * The Service a template of `resource` should aim at: for a DestinationRule or VirtualService one
 * that has none yet, for a selector one with workloads; the first by name otherwise.
 */
export function templateService(
  resource: IstioResource,
  services: readonly TemplateService[],
): TemplateService | undefined {
  const sorted = [...services].sort((a, b) => a.name.localeCompare(b.name));
  const free = (s: TemplateService) =>
    resource === 'destinationrules'
      ? !s.config?.hasDR
      : resource === 'virtualservices'
        ? !s.config?.hasVS
        : (s.workloads ?? 1) > 0;
  return sorted.find((s) => free(s) && (s.workloads ?? 1) > 0) ?? sorted.find(free) ?? sorted[0];
}

/** `base`, or `base-2`, `base-3`, … when taken. */
export function freeName(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}
