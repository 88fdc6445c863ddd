import type { FieldError } from '@sextant/contracts';

/**
 * Codes the web app adds to the server's own (`@sextant/contracts` ErrorCode) for failures that
 * never produced an envelope.
 */
export type ClientErrorCode =
  /** fetch itself failed: server down, network gone, CORS. `status` is 0. */
  | 'NETWORK_ERROR'
  /** A non-2xx answer without an envelope, e.g. a proxy's HTML 502 page. */
  | 'HTTP_ERROR'
  /** A 2xx answer that is not JSON or does not match the contract. */
  | 'INVALID_RESPONSE';

/** The one error type the api/ layer throws; components switch on `code`, show `message`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly fieldErrors: FieldError[];

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    fieldErrors?: FieldError[];
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.fieldErrors = init.fieldErrors ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
