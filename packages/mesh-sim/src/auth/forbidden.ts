import { KubeApiError } from '../store/errors.ts';
import type { RequestAttributes } from './requestAttributes.ts';

/**
 * The 403 Status kube-apiserver answers when no authorizer allows a request, worded as Kubernetes
 * words it so users and tools recognise it:
 * `pods "x" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "ns"`.
 */
export function forbidden(attributes: RequestAttributes, username: string, reason = ''): KubeApiError {
  const suffix = reason ? `: ${reason}` : '';
  if (!attributes.resourceRequest)
    return new KubeApiError(
      403,
      'Forbidden',
      `forbidden: User "${username}" cannot ${attributes.verb} path "${attributes.path}"${suffix}`,
      {},
    );
  const { verb, apiGroup, resource, subresource, namespace, name } = attributes;
  const requested = subresource ? `${resource}/${subresource}` : resource;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const why = `User "${username}" cannot ${verb} resource "${requested}" in API group "${apiGroup}" ${scope}${suffix}`;
  const qualified = apiGroup ? `${resource}.${apiGroup}` : resource;
  const message = name ? `${qualified} "${name}" is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
  return new KubeApiError(403, 'Forbidden', message, {
    ...(name ? { name } : {}),
    ...(apiGroup ? { group: apiGroup } : {}),
    kind: resource,
  });
}
