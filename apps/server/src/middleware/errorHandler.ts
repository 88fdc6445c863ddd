import type { ErrorEnvelope } from '@sextant/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, badRequest, describeError, notFound, payloadTooLarge } from '../errors.ts';

/** Terminal handler for paths no route claimed: the envelope, never Express' HTML page. */
export const notFoundHandler: RequestHandler = (req) => {
  throw notFound(`No route for ${req.method} ${req.baseUrl}${req.path}`);
};

/**
 * The one place errors become responses: the DESIGN.md envelope, with the status the AppError
 * carries. Unknown errors are Sextant bugs: logged with their stack, answered with an opaque 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const appError = toAppError(err);
    if (appError.code === 'INTERNAL') {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    } else if (appError.status >= 500) {
      logger.warn({ code: appError.code, message: appError.message, url: req.originalUrl }, 'upstream error');
    }
    // A response already on the wire cannot change status; let Express close the connection.
    if (res.headersSent) {
      next(err);
      return;
    }
    res.status(appError.status).json(toEnvelope(appError));
  };
}

export function toEnvelope(error: AppError): ErrorEnvelope {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(error.fieldErrors === undefined ? {} : { fieldErrors: error.fieldErrors }),
    },
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  // Express' router could not percent-decode a path parameter (`/istio/%ZZ/x`): the client's URL.
  if (err instanceof URIError)
    return badRequest('Malformed URL: a path segment is not valid percent-encoding');
  // body-parser (express.json) errors: http-errors with `expose` set for the client's own mistakes.
  if (isClientHttpError(err)) {
    if (err.type === 'entity.too.large' && typeof err.limit === 'number') return payloadTooLarge(err.limit);
    return err.type === 'entity.parse.failed'
      ? badRequest('Request body is not valid JSON')
      : badRequest(`Bad request: ${describeError(err)}`);
  }
  return new AppError(500, 'INTERNAL', 'Internal server error');
}

function isClientHttpError(err: unknown): err is Error & { status: number; type?: string; limit?: unknown } {
  if (!(err instanceof Error)) return false;
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
