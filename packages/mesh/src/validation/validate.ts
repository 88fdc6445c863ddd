import type { ObjectRef, Validation } from '@sextant/contracts';
import type { ClusterState } from '../cluster/clusterState.ts';
import { asRecord } from '../cluster/json.ts';
import { objectRefOf, validationContext, type IstioConfigObject, type ValidationContext } from './context.ts';
import { validateDestinationRule } from './destinationRule.ts';
import { validateSelector } from './selectors.ts';
import { validateVirtualService } from './virtualService.ts';

/**
 * Findings for each of `objects`, judged against `cluster` with `objects` laid over it (an edited
 * object replaces its live copy). Objects without a name or namespace, and kinds other than
 * Istio's, yield nothing.
 */
export function validateIstioConfig(
  objects: readonly IstioConfigObject[],
  cluster: ClusterState,
): Validation[] {
  const ctx = validationContext(cluster, objects);
  return objects.flatMap((o) => validateObject(o, ctx));
}

/** Findings for one object; build `ctx` once with `validationContext` when validating many. */
export function validateObject(obj: IstioConfigObject, ctx: ValidationContext): Validation[] {
  const ref = objectRefOf(obj);
  if (!ref) return [];
  const spec = asRecord(obj.spec);
  switch (ref.kind) {
    case 'VirtualService':
      return validateVirtualService(ref, spec, ctx);
    case 'DestinationRule':
      return [...validateDestinationRule(ref, spec, ctx), ...validateSelector(ref, spec, ctx)];
    case 'Gateway':
    case 'Sidecar':
    case 'PeerAuthentication':
    case 'AuthorizationPolicy':
    case 'RequestAuthentication':
      return validateSelector(ref, spec, ctx);
    case 'ServiceEntry':
      return [];
  }
}

/** `Kind/namespace/name`, the key `groupValidations` files findings under. */
export const objectKey = (ref: ObjectRef): string => `${ref.kind}/${ref.namespace}/${ref.name}`;

/** Findings by object (`objectKey`), each list in the order found. */
export function groupValidations(validations: readonly Validation[]): Map<string, Validation[]> {
  const out = new Map<string, Validation[]>();
  for (const v of validations) {
    const key = objectKey(v.objectRef);
    const list = out.get(key);
    if (list) list.push(v);
    else out.set(key, [v]);
  }
  return out;
}
