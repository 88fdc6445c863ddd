import { istioConflictDetailsSchema, type IstioObjectJson } from '@sextant/contracts';
import { isApiError, type ApiError } from '../../../api/apiError.ts';
import type { WriteAccess } from '../../../api/permissions.ts';

/**
 * What a refused dry run or write means for the page:
 * - `conflict`: someone saved the object since it was loaded (409 with the stored version): the
 *   page offers their change and a re-apply, instead of an error;
 * - `refused`: the server or Kubernetes RBAC forbids it (403): the page turns read-only with the reason,
 *   and shows the error too;
 * - `failed`: anything else (422 invalid spec, 409 without a stored version e.g. "already exists",
 *   502/503/504), shown as an error.
 */
export type WriteFailure =
  | { kind: 'conflict'; current: IstioObjectJson; error: ApiError }
  | { kind: 'refused'; access: WriteAccess & { allowed: false }; error: ApiError }
  | { kind: 'failed'; error: ApiError };

/** Undefined for what is not an API answer (a bug): the caller lets it reach the error boundary. */
export function classifyWriteFailure(error: unknown): WriteFailure | undefined {
  if (!isApiError(error)) return undefined;
  if (error.status === 403) {
    return {
      kind: 'refused',
      access: { allowed: false, reason: error.message, viewOnly: error.code === 'VIEW_ONLY' },
      error,
    };
  }
  if (error.status === 409) {
    const details = istioConflictDetailsSchema.safeParse(error.details);
    if (details.success && details.data.current)
      return { kind: 'conflict', current: details.data.current, error };
  }
  return { kind: 'failed', error };
}
