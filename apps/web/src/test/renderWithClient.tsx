import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createQueryClient } from '../api/queryClient.ts';

/**
 * Renders `ui` under a fresh query client set up as the app's (the same retry rule, with 10 ms
 * between tries instead of 1 s and 2 s); returns both.
 */
export function renderWithClient(ui: ReactElement) {
  const queryClient = createQueryClient({ retryDelayMs: 10 });
  const result = render(<QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>);
  return { ...result, queryClient };
}
