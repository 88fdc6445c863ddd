/** Announces, before any write is tried, that this server refuses them. */
export function ViewOnlyBanner({ reason }: { reason: string | undefined }) {
  return (
    <div className="banner banner--stale" role="status">
      <span className="banner__icon" aria-hidden="true">
        !
      </span>
      <p className="banner__text">
        <strong>View-only.</strong>{' '}
        {reason ??
          'This Sextant server runs view-only: you can read and edit here, but nothing can be saved or deleted.'}
      </p>
    </div>
  );
}
