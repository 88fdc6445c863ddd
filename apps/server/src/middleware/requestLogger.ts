import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Probes and scrapes arrive every few seconds; at info level they would bury real requests. */
const NOISY_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** One log line per finished request. */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const entry = {
        method: req.method,
        url: req.originalUrl,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (res.statusCode >= 500) logger.warn(entry, 'request');
      else if (NOISY_PATHS.has(req.path)) logger.debug(entry, 'request');
      else logger.info(entry, 'request');
    });
    next();
  };
}
