/**
 * Announces, before any write is tried, that writes will be refused: the whole server runs
 * view-only, or (`readOnly`) Kubernetes RBAC does not let this user change the object.
 */
export function ViewOnlyBanner({
  reason,
  readOnly = false,
}: {
  reason: string | undefined;
  readOnly?: boolean;
}) {
  return (
    <div className="banner banner--stale" role="status">
      <span className="banner__icon" aria-hidden="true">
        !
      </span>
      <p className="banner__text">
        <strong>{readOnly ? 'Read-only.' : 'View-only.'}</strong>{' '}
        {reason ??
          (readOnly
            ? 'You may read this, but Kubernetes does not let you change it.'
            : 'This Sextant server runs view-only: you can read and edit here, but nothing can be saved or deleted.')}
      </p>
    </div>
  );
}
