import type { V1Namespace } from '@kubernetes/client-node';
import { namespaceListSchema, type MtlsStatus, type Namespace } from '@sextant/contracts';
import type { KubeClient } from '../clients/kube.client.ts';

/** Namespaces as the web app shows them, sorted by name, with their mTLS status when it is known. */
export async function listNamespaces(
  kube: KubeClient,
  mtlsOf: (namespace: string) => MtlsStatus | null = () => null,
): Promise<Namespace[]> {
  const items = await kube.listNamespaces();
  const namespaces = items
    .map((item) => toNamespace(item, mtlsOf))
    .filter((ns): ns is Namespace => ns !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  // The contract is the promise to the web app: fail here, not in the browser.
  return namespaceListSchema.parse(namespaces);
}

export function toNamespace(
  item: V1Namespace,
  mtlsOf: (namespace: string) => MtlsStatus | null = () => null,
): Namespace | undefined {
  const name = item.metadata?.name;
  if (!name) return undefined;
  const labels = item.metadata?.labels ?? {};
  return { name, labels, istioInjection: isInjectionEnabled(labels), mtls: mtlsOf(name) };
}

/**
 * Istio's namespace selector: `istio-injection=enabled`, or a revision label (`istio.io/rev`)
 * unless `istio-injection=disabled` opts the namespace out.
 */
export function isInjectionEnabled(labels: Readonly<Record<string, string>>): boolean {
  const injection = labels['istio-injection'];
  if (injection !== undefined) return injection === 'enabled';
  return (labels['istio.io/rev'] ?? '') !== '';
}
