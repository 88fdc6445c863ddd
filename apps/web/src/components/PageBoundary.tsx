import { Suspense, type ReactNode } from 'react';
import { isChunkLoadError } from '../lib/chunkLoadError.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';

interface Props {
  /** Shown while the page's code (a lazy chunk) loads, as Suspense's fallback. */
  fallback: ReactNode;
  children: ReactNode;
}

/**
 * The boundary around every route in App.tsx: a page that throws while rendering shows what
 * failed with a retry, inside the shell (the header and navigation keep working); a page whose
 * code cannot be loaded any more (a deploy removed the old chunks) asks for a reload instead of
 * leaving a blank page. Data loading inside a page has its own RouteBoundary.
 */
export function PageBoundary({ fallback, children }: Props) {
  return (
    <ErrorBoundary
      fallback={(error, retry) =>
        isChunkLoadError(error) ? (
          <UpdatedPanel />
        ) : (
          <ErrorPanel title="This page failed" error={error} onRetry={retry} />
        )
      }
    >
      <Suspense fallback={fallback}>{children}</Suspense>
    </ErrorBoundary>
  );
}

export function UpdatedPanel() {
  return (
    <div className="panel panel--error" role="alert">
      <h2 className="panel__title">Sextant was updated — reload</h2>
      <p className="panel__message">
        This tab still runs the previous version, whose code for this page is gone from the server. Reload to
        get the new version; the address keeps your place.
      </p>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
