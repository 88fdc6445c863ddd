import type { RequestHandler } from 'express';
import type { AccessService } from '../auth/access.service.ts';
import { principalOf } from '../auth/principal.ts';

/**
 * `/namespaces/{ns}/<anything>`: every route about one namespace; not `/namespaces/graph`,
 * `/namespaces/graph/aggregate` nor `/namespaces/graph/replay`, which name their namespaces in the
 * query (the service checks them). Only those exact paths are let through: a namespace named `graph`
 * keeps its gate.
 */
const NAMESPACE_PATH = /^\/namespaces\/(?!graph\/(?:aggregate|replay)\/?$)([^/]+)\/./;

/**
 * A signed-in user reaches a namespace's routes (config, services, node graphs, metrics from
 * Prometheus, which knows no RBAC) only if Kubernetes lets them read the namespace: a 403 naming
 * it otherwise, whatever the route would do.
 */
export function namespaceGate(access: AccessService): RequestHandler {
  return async (req, res, next) => {
    const match = NAMESPACE_PATH.exec(req.path);
    const principal = principalOf(res);
    if (match?.[1] !== undefined && principal.kind === 'user') {
      let namespace: string | undefined;
      try {
        namespace = decodeURIComponent(match[1]);
      } catch {
        // Undecodable: the route refuses the parameter with a 400 before reading anything.
      }
      if (namespace !== undefined) await access.assertCanRead(principal, namespace);
    }
    next();
  };
}
