import { isApiError } from '../api/apiError.ts';

interface Props {
  title: string;
  error: unknown;
  onRetry?: () => void;
}

/** A failure with nothing to show instead: what failed, why, and a way to try again. */
export function ErrorPanel({ title, error, onRetry }: Props) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const code = isApiError(error)
    ? `${error.code}${error.status ? ` · HTTP ${error.status}` : ''}`
    : undefined;
  return (
    <div className="panel panel--error" role="alert">
      <h2 className="panel__title">{title}</h2>
      <p className="panel__message">{message}</p>
      {code && <p className="panel__code">{code}</p>}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
