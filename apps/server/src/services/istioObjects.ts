import { ISTIO_RESOURCES, type IstioObjectJson, type IstioResource } from '@sextant/contracts';
import type { KubeObjectJson } from '@sextant/mesh';

/** A cached Istio object with `apiVersion` and `kind`, which list items may omit. */
export function withTypeMeta(resource: IstioResource, o: KubeObjectJson): IstioObjectJson {
  const { group, version, kind } = ISTIO_RESOURCES[resource];
  return { apiVersion: `${group}/${version}`, kind, ...o } as IstioObjectJson;
}
