import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './apiError.ts';

/** Retrying helps with a flaky network or an upstream restart, never with our own 4xx. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return true;
  return error.status === 0 || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 5_000 },
    },
  });
}
