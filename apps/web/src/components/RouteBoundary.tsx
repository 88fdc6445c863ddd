import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { Suspense, type ReactNode } from 'react';
import { isApiError } from '../api/apiError.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';
import { LoadingState } from './LoadingState.tsx';

interface Props {
  /** What the route loads, for the messages: "Loading namespaces…", "Could not load namespaces". */
  subject: string;
  /** Shown instead of the error panel when the first load answers 404 (the thing is not there). */
  notFound?: ReactNode;
  children: ReactNode;
}

/**
 * The one loading and error boundary of a route (STYLE.md habit 4): the first load suspends here,
 * a first load that fails lands here. Failed refetches keep their data and are the route's to show.
 */
export function RouteBoundary({ subject, notFound, children }: Props) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <ErrorBoundary
          onReset={reset}
          fallback={(error, retry) =>
            notFound !== undefined && isApiError(error) && error.status === 404 ? (
              notFound
            ) : (
              <ErrorPanel title={`Could not load ${subject}`} error={error} onRetry={retry} />
            )
          }
        >
          <Suspense fallback={<LoadingState label={`Loading ${subject}…`} />}>{children}</Suspense>
        </ErrorBoundary>
      )}
    </QueryErrorResetBoundary>
  );
}
