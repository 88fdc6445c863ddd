import type { IstioDryRun } from '@sextant/contracts';
import { ValidationBadge } from '../ValidationBadge.tsx';
import { AffectedObjects } from './AffectedObjects.tsx';

/** The first part of a dry run's answer: what validation found in the object, and in others. */
export function DryRunFindings({ result }: { result: IstioDryRun }) {
  return (
    <>
      <h2 className="review__title">Dry run</h2>
      {result.validations.length === 0 ? (
        <p>
          <span className="badge badge--sev-valid">✓ Valid</span> Kubernetes accepted the object and
          validation found nothing.
        </p>
      ) : (
        <ValidationBadge validations={result.validations} />
      )}
      {(result.affected ?? []).length > 0 && <AffectedObjects validations={result.affected ?? []} />}
    </>
  );
}
