import {
  useSuspenseQueries,
  useSuspenseQuery,
  type QueryKey,
  type UseSuspenseQueryOptions,
} from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { namespacesQuery } from '../../api/namespaces.ts';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable.tsx';
import type { TableState } from '../../components/DataTable/tableState.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from '../../components/Link.tsx';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { navigate } from '../../lib/router.ts';
import { NamespaceChooser } from '../../components/NamespaceChooser.tsx';
import { decodeListPageState, listHref, type ListKind, type ListPageState } from './workloadsUrlState.ts';
import './workloads.css';

interface NamespaceAnswer {
  errors?: Array<{ source: string; message: string }> | undefined;
}

interface Props<Data extends NamespaceAnswer, Row, Key extends QueryKey> {
  kind: ListKind;
  heading: string;
  lede: ReactNode;
  search: string;
  columns: readonly DataTableColumn<Row>[];
  query: (namespace: string) => UseSuspenseQueryOptions<Data, Error, Data, Key>;
  rowsOf: (data: Data) => Row[];
  rowKey: (row: Row) => string;
  /** e.g. "workloads": the messages say "Loading workloads…", "No workloads in …". */
  noun: string;
}

/**
 * A list of one kind of thing across the chosen namespaces, in the shared table: the namespaces,
 * sort, filter and columns all live in the URL, so a reload or a shared link shows the same view.
 */
export function NamespacedListPage<Data extends NamespaceAnswer, Row, Key extends QueryKey>(
  props: Props<Data, Row, Key>,
) {
  const state = decodeListPageState(
    props.search,
    props.columns.map((c) => c.id),
  );
  const update = (next: ListPageState) => navigate(listHref(props.kind, next), { replace: true });
  return (
    <section className="page workloads-list" aria-labelledby={`${props.kind}-heading`}>
      <header className="page__header">
        <h1 id={`${props.kind}-heading`}>{props.heading}</h1>
        <p className="page__lede">{props.lede}</p>
      </header>
      <NamespaceChooser
        chosen={state.namespaces}
        onChange={(namespaces) => update({ ...state, namespaces })}
      />
      <RouteBoundary
        subject={props.noun}
        notFound={
          <EmptyState title="Namespace not found">
            One of {state.namespaces.join(', ')} does not exist.{' '}
            <Link href={`/${props.kind}`}>Show every namespace</Link>.
          </EmptyState>
        }
      >
        {state.namespaces.length > 0 ? (
          <Rows
            {...props}
            namespaces={state.namespaces}
            table={state.table}
            onTable={(table) => update({ ...state, table })}
          />
        ) : (
          <AllNamespaces {...props} table={state.table} onTable={(table) => update({ ...state, table })} />
        )}
      </RouteBoundary>
    </section>
  );
}

type RowsProps<Data extends NamespaceAnswer, Row, Key extends QueryKey> = Props<Data, Row, Key> & {
  table: TableState;
  onTable: (next: TableState) => void;
};

function AllNamespaces<Data extends NamespaceAnswer, Row, Key extends QueryKey>(
  props: RowsProps<Data, Row, Key>,
) {
  const { data } = useSuspenseQuery(namespacesQuery());
  if (data.length === 0)
    return (
      <EmptyState title="No namespaces">
        No namespace is visible to you: the cluster has none, or Kubernetes lets you read none.
      </EmptyState>
    );
  return <Rows {...props} namespaces={data.map((n) => n.name).sort()} />;
}

function Rows<Data extends NamespaceAnswer, Row, Key extends QueryKey>(
  props: RowsProps<Data, Row, Key> & { namespaces: string[] },
) {
  const results = useSuspenseQueries({ queries: props.namespaces.map((ns) => props.query(ns)) });
  const rows = results.flatMap((r) => props.rowsOf(r.data));
  const failed = results.find((r) => r.isRefetchError);
  const problems = [...new Set(results.flatMap((r) => r.data.errors ?? []).map((e) => e.message))];
  return (
    <div className="stack">
      {failed && (
        <StaleBanner
          updatedAt={failed.dataUpdatedAt}
          error={failed.error ?? new Error('refresh failed')}
          onRetry={() => void failed.refetch()}
        />
      )}
      {problems.map((message) => (
        <p key={message} className="banner banner--stale" role="status">
          <span className="banner__icon" aria-hidden="true">
            !
          </span>
          <span className="banner__text">{message}</span>
        </p>
      ))}
      {rows.length === 0 ? (
        <EmptyState title={`No ${props.noun} in ${props.namespaces.join(', ')}`}>
          {props.kind === 'applications'
            ? 'No workload here carries an app label. Pick other namespaces above, or see the Workloads page.'
            : 'These namespaces have no Deployments. Pick other namespaces above.'}
        </EmptyState>
      ) : (
        <DataTable
          label={props.heading}
          columns={props.columns}
          rows={rows}
          rowKey={props.rowKey}
          state={props.table}
          onStateChange={props.onTable}
        />
      )}
    </div>
  );
}
