import { istioResourceOf, type Validation } from '@sextant/contracts';
import { groupValidations } from '@sextant/mesh';
import { Link } from '../../../components/Link.tsx';
import { istioDetailsHref } from '../listUrlState.ts';
import { ValidationBadge } from '../ValidationBadge.tsx';

/**
 * What a change would break elsewhere (the dry run's `affected`): per other object, a link to it
 * and its new findings. It informs; it does not block Apply.
 */
export function AffectedObjects({
  validations,
  action = 'save',
}: {
  validations: readonly Validation[];
  /** What the user is about to do: saving an edit, or deleting the object. */
  action?: 'save' | 'delete';
}) {
  const groups = [...groupValidations(validations).values()];
  const others = groups.length === 1 ? 'another object' : `${groups.length} other objects`;
  return (
    <section className="affected" aria-label="Other objects affected">
      <h2 className="review__title">
        {action === 'save' ? 'This change affects other objects' : 'Other objects depend on it'}
      </h2>
      <p className="muted">
        {action === 'save'
          ? `Saving it adds these findings to ${others}. Apply is still possible; fix them there, or change this edit.`
          : `Deleting it adds these findings to ${others}.`}
      </p>
      <ul className="affected__list">
        {groups.map((group) => {
          const ref = group[0]!.objectRef;
          return (
            <li key={`${ref.kind}/${ref.namespace}/${ref.name}`} className="affected__item">
              <Link href={istioDetailsHref(ref.namespace, istioResourceOf(ref.kind), ref.name)}>
                {ref.kind} {ref.namespace}/{ref.name}
              </Link>
              <ValidationBadge validations={group} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
