import type { FieldError } from '@sextant/contracts';
import { z } from 'zod';
import {
  AppError,
  badRequest,
  conflict,
  describeError,
  forbidden,
  invalidSpec,
  notFound,
  upstreamBadResponse,
  upstreamTimeout,
  upstreamUnavailable,
} from '../errors.ts';

/** The parts of a Kubernetes `kind: Status` failure the server acts on. */
export const kubeStatusSchema = z.looseObject({
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
  details: z
    .looseObject({
      causes: z
        .array(
          z.looseObject({
            field: z.string().optional(),
            message: z.string().optional(),
            reason: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});
export type KubeStatus = z.infer<typeof kubeStatusSchema>;

/**
 * The AppError for an API server answer with a non-2xx `code` and a Status body, `what` naming the
 * request (`replace virtualservices bookinfo/reviews`). The API server's own 4xx keep their
 * meaning (never a 500): 401/403 forbidden, 404, 409 with the Status `reason` (`Conflict`,
 * `AlreadyExists`) in `details.reason`, 422 with `details.causes[].field` as `fieldErrors[].path`.
 * Other answers mean the API server is unwell or incompatible: 502/503/504.
 */
export function fromKubeStatus(code: number, status: KubeStatus | undefined, what: string): AppError {
  const message = status?.message ?? `Kubernetes answered HTTP ${code} to ${what}`;
  const reason = status?.reason ?? '';
  const details = { upstream: 'kubernetes' as const, reason };
  switch (code) {
    case 400:
      return badRequest(`Kubernetes refused ${what}: ${message}`, details);
    case 401:
    case 403:
      return forbidden(`Kubernetes refused ${what}: ${message}`, details);
    case 404:
      return notFound(message);
    case 409:
      return conflict(message, details);
    case 422: {
      const fieldErrors: FieldError[] = (status?.details?.causes ?? []).map((c) => ({
        path: c.field ?? '',
        message: c.message ?? c.reason ?? 'invalid',
      }));
      return invalidSpec(message, fieldErrors, { source: 'kubernetes', ...details });
    }
    case 408:
    case 504:
      return upstreamTimeout('kubernetes', `Kubernetes timed out on ${what}: ${message}`);
    case 429:
    case 503:
      return upstreamUnavailable('kubernetes', `Kubernetes is unavailable (HTTP ${code}): ${message}`);
    default:
      return upstreamBadResponse('kubernetes', `Kubernetes answered HTTP ${code} to ${what}: ${message}`);
  }
}

/** Network errors raised before a request reached the API server: a write that fails so was not made. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const UNKNOWN_OUTCOME = 'the change may or may not have been made: reload the object to see';

/**
 * Any failure of a client-node call as an AppError: an `ApiException` (the API server answered),
 * an abort (our timeout: 504) or a network error (503). AppErrors pass through. A write (`what`
 * starting with create, replace or delete) whose connection broke after it was sent, or that timed
 * out, may have been made: its error says so (`details.outcome: "unknown"`), so neither the user
 * nor a client retries it blindly into a duplicate.
 */
export function toKubeAppError(err: unknown, what: string, timeoutMs: number): AppError {
  if (err instanceof AppError) return err;
  const answered = apiExceptionOf(err);
  if (answered) return fromKubeStatus(answered.code, answered.status, what);
  const write = /^(create|replace|delete) /.test(what);
  if (isAbort(err)) {
    const message = `Kubernetes did not answer ${what} within ${timeoutMs} ms`;
    return write
      ? new AppError(504, 'UPSTREAM_TIMEOUT', `${message}; ${UNKNOWN_OUTCOME}`, {
          details: { upstream: 'kubernetes', outcome: 'unknown' },
          cause: err,
        })
      : upstreamTimeout('kubernetes', message, err);
  }
  const described = describeError(err);
  // node-fetch: "request to <url> failed, reason: connect ECONNREFUSED 10.0.0.1:6443".
  const reason = /, reason: (.+)$/.exec(described)?.[1] ?? described;
  const code = (err as { code?: unknown }).code;
  if (write && !(typeof code === 'string' && NOT_SENT_CODES.has(code))) {
    return new AppError(
      503,
      'UPSTREAM_UNAVAILABLE',
      `The connection to Kubernetes broke during ${what} (${reason}); ${UNKNOWN_OUTCOME}`,
      { details: { upstream: 'kubernetes', outcome: 'unknown' }, cause: err },
    );
  }
  return upstreamUnavailable('kubernetes', `Kubernetes is not reachable: ${reason}`, err);
}

/** The HTTP status of a client-node ApiException (the API server answered), else undefined. */
export function kubeHttpStatusOf(err: unknown): number | undefined {
  return apiExceptionOf(err)?.code;
}

/** The Status reason of a Kubernetes 4xx turned AppError by `fromKubeStatus` (`Conflict`, `AlreadyExists`...). */
export function kubeReasonOf(err: unknown): string | undefined {
  if (!(err instanceof AppError)) return undefined;
  const details = err.details as { upstream?: unknown; reason?: unknown } | undefined;
  return details?.upstream === 'kubernetes' && typeof details.reason === 'string'
    ? details.reason
    : undefined;
}

/** client-node's ApiException: `code` is the HTTP status, `body` the raw response text (undefined for 401). */
function apiExceptionOf(err: unknown): { code: number; status: KubeStatus | undefined } | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, body, headers } = err as { code?: unknown; body?: unknown; headers?: unknown };
  if (typeof code !== 'number' || typeof headers !== 'object') return undefined;
  const json = typeof body === 'string' ? safeJsonParse(body) : body;
  const parsed = kubeStatusSchema.safeParse(json);
  return { code, status: parsed.success ? parsed.data : undefined };
}

function isAbort(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'AbortError' || err.name === 'TimeoutError' || (err as { type?: unknown }).type === 'aborted'
  );
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
