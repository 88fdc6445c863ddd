import type { ServiceSummary, ServiceWorkload } from '@sextant/contracts';
import { serviceOfHost } from '@sextant/mesh';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { isApiError } from '../../../api/apiError.ts';
import { namespacesQuery } from '../../../api/namespaces.ts';
import { serviceWorkloadsQuery, servicesQuery } from '../../../api/services.ts';

export type HostWorkloads =
  /** No namespace to read from, or a host that is no Service of the cluster (external, wildcard, blank). */
  | { state: 'none' }
  | { state: 'loading'; service: ServiceRef }
  | { state: 'notFound'; service: ServiceRef }
  | { state: 'error'; service: ServiceRef; message: string }
  | { state: 'ready'; service: ServiceRef; workloads: ServiceWorkload[] };

interface ServiceRef {
  namespace: string;
  name: string;
}

/**
 * The Services of the rule's namespace (host suggestions) and the workloads the host's Service
 * selects (label suggestions). Both are hints: while they load or fail the form works as without them.
 */
export function useHostWorkloads(
  namespace: string | undefined,
  host: string,
): { services: ServiceSummary[]; host: HostWorkloads } {
  const namespaces = useQuery(namespacesQuery());
  const services = useQuery({ ...servicesQuery(namespace ?? ''), enabled: namespace !== undefined });
  const known = useMemo(() => new Set((namespaces.data ?? []).map((n) => n.name)), [namespaces.data]);
  const service = namespace === undefined ? undefined : serviceOfHost(host, namespace, known);
  // A name the namespace's list does not have needs no request (the host field changes per keystroke).
  const listed =
    service === undefined ||
    service.namespace !== namespace ||
    !services.data ||
    services.data.some((s) => s.name === service.name);
  const workloads = useQuery({
    ...serviceWorkloadsQuery(service?.namespace ?? '', service?.name ?? ''),
    enabled: service !== undefined && listed,
  });
  const list = services.data ?? [];
  if (!service) return { services: list, host: { state: 'none' } };
  if (!listed) return { services: list, host: { state: 'notFound', service } };
  if (workloads.data)
    return { services: list, host: { state: 'ready', service, workloads: workloads.data.workloads } };
  if (workloads.error) {
    if (isApiError(workloads.error) && workloads.error.status === 404) {
      return { services: list, host: { state: 'notFound', service } };
    }
    return { services: list, host: { state: 'error', service, message: workloads.error.message } };
  }
  return { services: list, host: { state: 'loading', service } };
}
