import type { FieldError, IstioObjectJson, IstioResource, Validation } from '@sextant/contracts';
import { queryOptions } from '@tanstack/react-query';
import { isApiError } from './apiError.ts';
import { api, type ApiClient } from './client.ts';
import { dryRunCreate, dryRunReplace, istioConfigKeys } from './istioConfig.ts';

/**
 * What a dry run says about an edited object. A schema error (400/422 with `fieldErrors`) is an
 * answer here, not a failure: the editor marks those fields like any other finding.
 */
export interface LiveCheckResult {
  validations: Validation[];
  fieldErrors: FieldError[];
}

export const istioLiveCheckKeys = {
  all: [...istioConfigKeys.all, 'liveCheck'] as const,
  /** Keyed by the text itself: a response for an older text never answers for the current one. */
  check: (namespace: string, resource: IstioResource, mode: LiveCheckMode, text: string) =>
    [...istioLiveCheckKeys.all, namespace, resource, mode, text] as const,
};

/** `replace`: an edit of a stored object (`PUT ?dryRun=true`); `create`: a new one (`POST ?dryRun=true`). */
export type LiveCheckMode = 'replace' | 'create';

/**
 * The editor's advisory check while typing: a dry run of `object` (the parse of `text`). Nothing is
 * stored; the explicit Review + Apply flow stays the only way to write.
 */
export function istioLiveCheckQuery(
  namespace: string,
  resource: IstioResource,
  mode: LiveCheckMode,
  text: string,
  object: IstioObjectJson,
  client: ApiClient = api,
) {
  return queryOptions({
    queryKey: istioLiveCheckKeys.check(namespace, resource, mode, text),
    queryFn: async (): Promise<LiveCheckResult> => {
      try {
        const result =
          mode === 'replace'
            ? await dryRunReplace(namespace, resource, object, client)
            : await dryRunCreate(namespace, resource, object, client);
        return { validations: result.validations, fieldErrors: [] };
      } catch (error) {
        if (
          isApiError(error) &&
          (error.status === 400 || error.status === 422) &&
          error.fieldErrors.length > 0
        )
          return { validations: [], fieldErrors: error.fieldErrors };
        // A new object's name already taken: marked on the name, like a schema error.
        if (isApiError(error) && error.status === 409 && mode === 'create')
          return { validations: [], fieldErrors: [{ path: 'metadata.name', message: error.message }] };
        throw error;
      }
    },
    // Typing retries soon enough; a check answering late would only be stale. Offline, say so
    // (a failed check) rather than wait paused.
    retry: false,
    networkMode: 'always',
    refetchOnWindowFocus: false,
    gcTime: 60_000,
  });
}
