import { Link } from '../../../components/Link.tsx';
import { istioDetailsHref } from '../listUrlState.ts';
import './wizard.css';

export interface WrittenObject {
  kind: 'VirtualService' | 'DestinationRule';
  name: string;
  resourceVersion: string | undefined;
}

/** What the wizard wrote, where to look at it next. */
export function WizardDone({
  namespace,
  service,
  written,
}: {
  namespace: string;
  service: string;
  written: readonly WrittenObject[];
}) {
  const graphHref = `/graph?namespaces=${encodeURIComponent(namespace)}&node=${encodeURIComponent(`service:${namespace}:${service}`)}`;
  return (
    <section className="wizard-done" role="status" aria-label="Created">
      <h2 className="wizard-done__title">
        <span aria-hidden="true">✓ </span>
        {written.length === 1 ? 'Created 1 object' : `Created ${written.length} objects`} in {namespace}
      </h2>
      <ul className="wizard-done__list">
        {written.map((o) => (
          <li key={o.kind}>
            {o.kind}{' '}
            <Link
              href={istioDetailsHref(
                namespace,
                o.kind === 'VirtualService' ? 'virtualservices' : 'destinationrules',
                o.name,
              )}
            >
              {o.name}
            </Link>{' '}
            <span className="muted">resourceVersion {o.resourceVersion ?? '?'}</span>
          </li>
        ))}
      </ul>
      <p className="muted">The mesh applies it within seconds; the graph shows the traffic it moves.</p>
      <div className="wizard-done__actions">
        <Link className="button button--primary" href={graphHref}>
          View {service} in the graph
        </Link>
        <Link className="button" href={istioDetailsHref(namespace, 'virtualservices', service)}>
          Open VirtualService {service}
        </Link>
      </div>
    </section>
  );
}
