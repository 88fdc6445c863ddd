import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from '../../components/Link.tsx';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { listHref, nodeGraphHref } from './workloadsUrlState.ts';

/** What differs between the application and the workload page around their details. */
const KINDS = {
  applications: { title: 'Applications', noun: 'application', node: 'app', headingId: 'app-heading' },
  workloads: { title: 'Workloads', noun: 'workload', node: 'workload', headingId: 'workload-heading' },
} as const;

interface Props {
  kind: keyof typeof KINDS;
  namespace: string;
  name: string;
  /** Why there is nothing by that name, before "Back to the … of {namespace}". */
  notFound: ReactNode;
  children: ReactNode;
}

/**
 * An application's or a workload's page: breadcrumb back to its list, the name with "View in
 * graph", and the details under a route boundary that says when nothing has that name.
 */
export function DetailsPageShell({ kind, namespace, name, notFound, children }: Props) {
  const { title, noun, node, headingId } = KINDS[kind];
  const back = listHref(kind, {
    namespaces: [namespace],
    table: { sort: undefined, filter: '', columns: undefined },
  });
  const capitalised = `${noun[0]!.toUpperCase()}${noun.slice(1)}`;
  return (
    <section className="page workloads-page" aria-labelledby={headingId}>
      <header className="page__header workload-header">
        <p className="breadcrumb">
          <Link href={back}>{title}</Link> / {namespace}
        </p>
        <div className="workload-header__title">
          <h1 id={headingId}>{name}</h1>
          <Link className="button button--small" href={nodeGraphHref(node, namespace, name)}>
            View in graph
          </Link>
        </div>
      </header>
      <RouteBoundary
        subject={`${noun} ${name}`}
        notFound={
          <EmptyState title={`${capitalised} not found`}>
            {notFound} Back to the{' '}
            <Link href={back}>
              {title.toLowerCase()} of {namespace}
            </Link>
            .
          </EmptyState>
        }
      >
        {children}
      </RouteBoundary>
    </section>
  );
}
