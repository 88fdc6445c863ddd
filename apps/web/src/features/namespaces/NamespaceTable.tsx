import type { Namespace } from '@sextant/contracts';
import { visibleLabels } from '../../lib/labels.ts';

export function NamespaceTable({ namespaces }: { namespaces: Namespace[] }) {
  return (
    <div className="table-card">
      <table className="table" aria-label="Namespaces">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Sidecar injection</th>
            <th scope="col">Labels</th>
          </tr>
        </thead>
        <tbody>
          {namespaces.map((ns) => (
            <tr key={ns.name}>
              <th scope="row" className="table__name">
                {ns.name}
              </th>
              <td>
                <InjectionBadge enabled={ns.istioInjection} />
              </td>
              <td>
                <LabelList labels={ns.labels} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InjectionBadge({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <span className="badge badge--success">
      <span className="badge__dot" aria-hidden="true" />
      Enabled
    </span>
  ) : (
    <span className="badge badge--muted">Disabled</span>
  );
}

function LabelList({ labels }: { labels: Record<string, string> }) {
  const shown = visibleLabels(labels);
  if (shown.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="chips" aria-label="Labels">
      {shown.map((label) => (
        <li key={label} className="chip">
          {label}
        </li>
      ))}
    </ul>
  );
}
