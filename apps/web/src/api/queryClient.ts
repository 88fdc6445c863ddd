import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './apiError.ts';

/** Retrying helps with a flaky network or an upstream restart, never with our own 4xx. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return true;
  return error.status === 0 || error.status >= 500;
}

/**
 * The app's query client. `retryDelayMs` replaces react-query's backoff (1 s, 2 s, ...) with a fixed
 * delay; tests pass a few milliseconds so a 5xx still retries twice but does not hold a test for 3 s.
 */
export function createQueryClient(options: { retryDelayMs?: number } = {}): QueryClient {
  const { retryDelayMs } = options;
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 5_000,
        ...(retryDelayMs === undefined ? {} : { retryDelay: retryDelayMs }),
      },
    },
  });
}
