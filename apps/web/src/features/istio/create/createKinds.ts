import type { IstioResource } from '@sextant/contracts';

/** The Create menu's groups, in the order shown. */
export const CREATE_GROUPS: ReadonlyArray<{ title: string; resources: readonly IstioResource[] }> = [
  {
    title: 'Traffic',
    resources: ['virtualservices', 'destinationrules', 'gateways', 'serviceentries', 'sidecars'],
  },
  {
    title: 'Security',
    resources: ['peerauthentications', 'authorizationpolicies', 'requestauthentications'],
  },
];

/** What each kind is for, in the menu's words. */
export const KIND_PURPOSE: Readonly<Record<IstioResource, string>> = {
  virtualservices: 'Route the requests to a service',
  destinationrules: 'Subsets and traffic policy of a service',
  gateways: 'Expose hosts on the ingress gateway',
  serviceentries: 'Add an external host to the mesh',
  sidecars: 'Limit what the workloads can reach',
  peerauthentications: 'Mutual TLS mode of the namespace',
  authorizationpolicies: 'Allow or deny requests to a workload',
  requestauthentications: 'Validate JSON Web Tokens',
};

/** What the template starts with, said above the editor. */
export const TEMPLATE_LEDE: Readonly<Record<IstioResource, string>> = {
  virtualservices: 'Starts with one HTTP route sending every request to the service.',
  destinationrules:
    'Starts with one subset per version of the service (or a load balancer when it has none).',
  gateways:
    'Starts with an HTTP server on port 8080 of the ingress gateway (selector istio: ingressgateway).',
  serviceentries: 'Starts with an external HTTPS host resolved by DNS: replace api.example.com with yours.',
  sidecars: 'Starts by limiting egress to the namespace itself (./*) and istio-system.',
  peerauthentications: 'Starts with mutual TLS STRICT for every workload of the namespace.',
  authorizationpolicies:
    'Starts with an ALLOW rule: GET requests from this namespace to one app. Once an ALLOW policy selects a workload, every request it does not allow is denied.',
  requestauthentications:
    'Starts with one JWT issuer and its key set for one app: replace the example URLs with your identity provider.',
};

/** Kinds whose template is aimed at one Service of the namespace. */
export const AIMED_AT_SERVICE: ReadonlySet<IstioResource> = new Set([
  'virtualservices',
  'destinationrules',
  'authorizationpolicies',
  'requestauthentications',
]);
