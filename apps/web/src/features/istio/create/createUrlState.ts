import { istioResourceSchema, type IstioResource } from '@sextant/contracts';

/** What `/istio/new?namespace=…&kind=<resource>` creates. */
export interface CreateTarget {
  namespace: string;
  resource: IstioResource;
}

/** undefined when the namespace or a known kind is missing: the page then asks for them. */
export function parseCreateTarget(search: string): CreateTarget | undefined {
  const params = new URLSearchParams(search);
  const namespace = params.get('namespace')?.trim() ?? '';
  const resource = istioResourceSchema.safeParse(params.get('kind'));
  if (namespace === '' || !resource.success) return undefined;
  return { namespace, resource: resource.data };
}

export const istioCreateHref = ({ namespace, resource }: CreateTarget): string =>
  `/istio/new?${new URLSearchParams({ namespace, kind: resource }).toString()}`;
