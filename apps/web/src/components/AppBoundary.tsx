import type { ReactNode } from 'react';
import { isChunkLoadError } from '../lib/chunkLoadError.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { UpdatedPanel } from './PageBoundary.tsx';

/**
 * The last boundary, around the whole app (the shell, the sign-in gate): whatever escapes the
 * routes' boundaries ends here as a message and a reload, never as a blank page.
 */
export function AppBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary
      fallback={(error) => (
        <main className="app-crash">
          {isChunkLoadError(error) ? (
            <UpdatedPanel />
          ) : (
            <div className="panel panel--error" role="alert">
              <h2 className="panel__title">Sextant stopped working</h2>
              <p className="panel__message">
                {error instanceof Error ? error.message : 'Something went wrong.'}
              </p>
              <button
                type="button"
                className="button button--primary"
                onClick={() => window.location.reload()}
              >
                Reload
              </button>
            </div>
          )}
        </main>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
