import type { FieldError, IstioKind } from '@sextant/contracts';
import { asRecord } from '../../cluster/json.ts';
import type { IstioConfigObject } from '../context.ts';
import { validateDestinationRuleSpec } from './destinationRule.ts';
import { validateGatewaySpec } from './gateway.ts';
import { Problems } from './problems.ts';
import {
  validateAuthorizationPolicySpec,
  validatePeerAuthenticationSpec,
  validateRequestAuthenticationSpec,
} from './security.ts';
import { validateServiceEntrySpec } from './serviceEntry.ts';
import { validateSidecarSpec } from './sidecar.ts';
import { validateVirtualServiceSpec } from './virtualService.ts';

/**
 * What istiod's validating webhook refuses in `object` (istio/istio `pkg/config/validation`): every
 * `{path, message}` it would name, for the kinds Sextant edits. Unlike the cluster findings these
 * need no cluster and cannot be overruled: the API server would refuse the write anyway. Objects of
 * other kinds yield nothing.
 */
export function validateIstioSpec(object: IstioConfigObject): FieldError[] {
  const p = new Problems();
  const spec = asRecord(object.spec);
  const namespace = object.metadata?.namespace ?? '';
  switch (object.kind as IstioKind) {
    case 'VirtualService':
      validateVirtualServiceSpec(p, spec, namespace);
      break;
    case 'DestinationRule':
      validateDestinationRuleSpec(p, spec, namespace);
      break;
    case 'Gateway':
      validateGatewaySpec(p, spec, object.metadata?.name ?? '');
      break;
    case 'ServiceEntry':
      validateServiceEntrySpec(p, spec, namespace);
      break;
    case 'Sidecar':
      validateSidecarSpec(p, spec);
      break;
    case 'PeerAuthentication':
      validatePeerAuthenticationSpec(p, spec);
      break;
    case 'AuthorizationPolicy':
      validateAuthorizationPolicySpec(p, spec);
      break;
    case 'RequestAuthentication':
      validateRequestAuthenticationSpec(p, spec);
      break;
  }
  return p.list;
}
