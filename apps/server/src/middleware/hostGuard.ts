import type { RequestHandler } from 'express';
import { forbidden } from '../errors.ts';
import { crossOriginProblem, formatAllowedHosts, isHostAllowed, type AllowedHosts } from '../hostPolicy.ts';
import { echo } from '../routes/params.ts';

/**
 * 403 for a Host header outside the allow-list (DNS rebinding) and for a write a browser sent from
 * another origin (CSRF). Mounted after the probe routes and `/metrics`: kubelet probes and
 * Prometheus' scrapes send `Host: <podIP>:port`, which no allow-list names, and they answer no more
 * than "up", "ready" and the server's own counters.
 */
export function hostGuard(allowed: AllowedHosts): RequestHandler {
  return (req, _res, next) => {
    const host = req.headers.host;
    if (!isHostAllowed(host, allowed)) {
      throw forbidden(
        `Host ${host === undefined ? '(none)' : echo(host)} is not allowed: this server answers ` +
          `${formatAllowedHosts(allowed)} (SEXTANT_ALLOWED_HOSTS)`,
        { reason: 'HostNotAllowed' },
      );
    }
    const problem = crossOriginProblem({
      method: req.method,
      host,
      origin: req.headers.origin,
      secFetchSite: header(req.headers['sec-fetch-site']),
    });
    if (problem !== undefined) {
      throw forbidden(`Cross-origin write refused: ${problem}`, { reason: 'CrossOrigin' });
    }
    next();
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
