import type { ErrorCode, FieldError, Upstream } from '@sextant/contracts';

/** The statuses DESIGN.md allows in an error envelope; 500 only for a bug in Sextant itself. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 502 | 503 | 504;

/**
 * The one error type routes, services and clients throw; the error middleware turns it into the
 * envelope. Anything else that reaches the middleware is a bug and becomes an opaque 500.
 */
export class AppError extends Error {
  readonly status: ErrorStatus;
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly fieldErrors: FieldError[] | undefined;

  constructor(
    status: ErrorStatus,
    code: ErrorCode,
    message: string,
    extra: { details?: unknown; fieldErrors?: FieldError[]; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = extra.details;
    this.fieldErrors = extra.fieldErrors;
  }
}

export const badRequest = (message: string, details?: unknown): AppError =>
  new AppError(400, 'BAD_REQUEST', message, { details });

/** Bad query or path parameters: one `fieldErrors` entry per parameter, the message naming them all. */
export const invalidParams = (fieldErrors: FieldError[]): AppError =>
  new AppError(
    400,
    'BAD_REQUEST',
    `Invalid parameters: ${fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    { fieldErrors },
  );

/** No session (or it ended): the web app offers sign-in and keeps the page as it is. */
export const unauthenticated = (message: string, details?: unknown): AppError =>
  new AppError(401, 'UNAUTHENTICATED', message, { details });

export const forbidden = (message: string, details?: unknown): AppError =>
  new AppError(403, 'FORBIDDEN', message, { details });

export const viewOnly = (): AppError =>
  new AppError(403, 'VIEW_ONLY', 'Sextant runs in view-only mode (SEXTANT_VIEW_ONLY): changes are refused');

export const notFound = (message: string): AppError => new AppError(404, 'NOT_FOUND', message);

export const conflict = (message: string, details?: unknown): AppError =>
  new AppError(409, 'CONFLICT', message, { details });

/** A body over the JSON parser's limit; the message names the limit so a client knows what to send. */
export const payloadTooLarge = (limitBytes: number): AppError =>
  new AppError(
    413,
    'PAYLOAD_TOO_LARGE',
    `Request body is larger than the limit of ${limitBytes} bytes (${formatBytes(limitBytes)})`,
    { details: { limitBytes } },
  );

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} B`;
}

export const invalidSpec = (message: string, fieldErrors: FieldError[], details?: unknown): AppError =>
  new AppError(422, 'INVALID_SPEC', message, { fieldErrors, details });

/** A request body that fails its schema: one `fieldErrors` entry per problem, `path` dotted like `metadata.name`. */
export const invalidBody = (fieldErrors: FieldError[]): AppError =>
  new AppError(
    400,
    'BAD_REQUEST',
    `Invalid body: ${fieldErrors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`,
    { fieldErrors },
  );

/** The upstream answered, but with something we cannot use (a 5xx, or a body that fails validation). */
export const upstreamBadResponse = (upstream: Upstream, message: string, cause?: unknown): AppError =>
  new AppError(502, 'UPSTREAM_BAD_RESPONSE', message, { details: { upstream }, cause });

/** The upstream could not be reached (connection refused, DNS, cache not synced). */
export const upstreamUnavailable = (upstream: Upstream, message: string, cause?: unknown): AppError =>
  new AppError(503, 'UPSTREAM_UNAVAILABLE', message, { details: { upstream }, cause });

export const upstreamTimeout = (upstream: Upstream, message: string, cause?: unknown): AppError =>
  new AppError(504, 'UPSTREAM_TIMEOUT', message, { details: { upstream }, cause });

/** A short, single-line description of any thrown value, safe to put in a log or an error `message`. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const first = err.message.split('\n')[0] ?? '';
    return typeof code === 'string' && !first.includes(code) ? `${first} (${code})` : first;
  }
  return String(err);
}
