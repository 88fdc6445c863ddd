import { istioResourceOf, type AppliedConfig } from '@sextant/contracts';
import { Link } from '../../components/Link.tsx';
import { ValidationBadge } from '../istio/ValidationBadge.tsx';
import { istioDetailsHref } from '../istio/listUrlState.ts';

const VIA_TEXT: Record<AppliedConfig['via'], string> = {
  service: 'routes to a Service selecting it',
  selector: 'selects its pods',
};

/** The Istio objects that apply, each linking to its editor, with what validation found. */
export function AppliedConfigTable({ config }: { config: readonly AppliedConfig[] }) {
  if (config.length === 0)
    return <p className="muted">No Istio config applies: traffic follows the mesh defaults.</p>;
  return (
    <div className="table-card">
      <table className="table workload-table" aria-label="Istio config">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col">Applies because it</th>
            <th scope="col">Validation</th>
          </tr>
        </thead>
        <tbody>
          {config.map((c) => (
            <tr key={`${c.kind}/${c.namespace}/${c.name}`}>
              <td>{c.kind}</td>
              <th scope="row" className="table__name">
                <Link href={istioDetailsHref(c.namespace, istioResourceOf(c.kind), c.name)}>
                  {c.namespace}/{c.name}
                </Link>
              </th>
              <td>{VIA_TEXT[c.via]}</td>
              <td>
                <ValidationBadge validations={c.validations} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
