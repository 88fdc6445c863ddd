interface Props {
  /** When the data on screen was fetched (epoch ms). */
  updatedAt: number;
  error: Error;
  onRetry: () => void;
}

/** Shown above data whose refresh failed: the data stays, the user knows it is old (STYLE.md habit 3). */
export function StaleBanner({ updatedAt, error, onRetry }: Props) {
  return (
    <div className="banner banner--stale" role="status">
      <span className="banner__icon" aria-hidden="true">
        !
      </span>
      <p className="banner__text">
        <strong>Showing data from {formatTime(updatedAt)}.</strong> The last refresh failed: {error.message}
      </p>
      <button type="button" className="button button--small" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString();
}
