import { istioResourceSchema, type IstioResource } from '@sextant/contracts';

/** The Istio config list's filters, as shared in `/istio?namespaces=…&kind=…&valid=…`. */
export interface IstioListState {
  namespaces: string[];
  kinds: IstioResource[];
  /** undefined: both valid and invalid objects. */
  valid?: boolean;
}

export const DEFAULT_NAMESPACES = ['bookinfo'];

const isResource = (s: string): s is IstioResource => (istioResourceSchema.options as string[]).includes(s);
const list = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Unknown kinds and a malformed `valid` are dropped rather than failing the page. */
export function parseIstioListState(search: string): IstioListState {
  const params = new URLSearchParams(search);
  const namespaces = [...new Set(list(params.get('namespaces')))];
  const valid = params.get('valid');
  return {
    namespaces: namespaces.length > 0 ? namespaces : DEFAULT_NAMESPACES,
    kinds: [...new Set(list(params.get('kind')).filter(isResource))],
    valid: valid === 'true' ? true : valid === 'false' ? false : undefined,
  };
}

export function istioListSearch(state: IstioListState): string {
  const params = new URLSearchParams();
  params.set('namespaces', state.namespaces.join(','));
  if (state.kinds.length > 0) params.set('kind', state.kinds.join(','));
  if (state.valid !== undefined) params.set('valid', String(state.valid));
  return params.toString().replaceAll('%2C', ',');
}

export const istioDetailsHref = (namespace: string, resource: IstioResource, name: string) =>
  `/istio/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(name)}`;
