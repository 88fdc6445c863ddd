import { ISTIO_RESOURCES, istioResourceSchema, type IstioResource } from '@sextant/contracts';
import { useQuery, useSuspenseQueries } from '@tanstack/react-query';
import { istioConfigListQuery } from '../../api/istioConfig.ts';
import { namespacesQuery } from '../../api/namespaces.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from '../../components/Link.tsx';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { navigate } from '../../lib/router.ts';
import { configRows, formatAge } from './configView.ts';
import { CreateMenu } from './create/CreateMenu.tsx';
import {
  istioDetailsHref,
  istioListSearch,
  parseIstioListState,
  type IstioListState,
} from './listUrlState.ts';
import { ValidationBadge } from './ValidationBadge.tsx';
import './istio.css';

export function IstioListPage({ search }: { search: string }) {
  const state = parseIstioListState(search);
  const update = (patch: Partial<IstioListState>) =>
    navigate(`/istio?${istioListSearch({ ...state, ...patch })}`, { replace: true });
  return (
    <section className="page" aria-labelledby="istio-heading">
      <header className="page__header page__header--with-actions">
        <div>
          <h1 id="istio-heading">Istio config</h1>
          <p className="page__lede">Routing and security objects, and what validation found in them.</p>
        </div>
        <CreateMenu namespaces={state.namespaces} />
      </header>
      <Filters state={state} onChange={update} />
      <RouteBoundary subject="Istio config">
        <ConfigTable state={state} />
      </RouteBoundary>
    </section>
  );
}

function Filters({
  state,
  onChange,
}: {
  state: IstioListState;
  onChange: (p: Partial<IstioListState>) => void;
}) {
  const namespaces = useQuery(namespacesQuery());
  const names = [...new Set([...(namespaces.data?.map((n) => n.name) ?? []), ...state.namespaces])].sort();
  const toggle = <T,>(list: readonly T[], item: T) =>
    list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  return (
    <div className="filters" role="group" aria-label="Filters">
      <fieldset className="filters__group">
        <legend>Namespaces</legend>
        {names.map((ns) => (
          <label key={ns} className="check">
            <input
              type="checkbox"
              checked={state.namespaces.includes(ns)}
              onChange={() => {
                const next = toggle(state.namespaces, ns);
                if (next.length > 0) onChange({ namespaces: next });
              }}
            />
            {ns}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Kind</span>
        <select
          value={state.kinds.length === 1 ? state.kinds[0] : ''}
          onChange={(e) => onChange({ kinds: e.target.value ? [e.target.value as IstioResource] : [] })}
        >
          <option value="">All kinds</option>
          {istioResourceSchema.options.map((r) => (
            <option key={r} value={r}>
              {ISTIO_RESOURCES[r].kind}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Validity</span>
        <select
          value={state.valid === undefined ? '' : String(state.valid)}
          onChange={(e) => onChange({ valid: e.target.value === '' ? undefined : e.target.value === 'true' })}
        >
          <option value="">Valid and invalid</option>
          <option value="true">Valid only</option>
          <option value="false">With errors only</option>
        </select>
      </label>
    </div>
  );
}

function ConfigTable({ state }: { state: IstioListState }) {
  const results = useSuspenseQueries({
    queries: state.namespaces.map((ns) =>
      istioConfigListQuery(ns, { kinds: state.kinds, valid: state.valid }),
    ),
  });
  const rows = configRows(results.flatMap((r) => r.data.items));
  const failed = results.find((r) => r.isRefetchError);
  const now = Date.now();
  return (
    <div className="stack">
      {failed && (
        <StaleBanner
          updatedAt={failed.dataUpdatedAt}
          error={failed.error ?? new Error('refresh failed')}
          onRetry={() => void failed.refetch()}
        />
      )}
      {rows.length === 0 ? (
        <EmptyState title="No Istio config">
          Nothing matches these filters in {state.namespaces.join(', ')}.
        </EmptyState>
      ) : (
        <div className="table-card">
          <table className="table" aria-label="Istio config">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Namespace</th>
                <th scope="col">Age</th>
                <th scope="col">Validation</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row" className="table__name">
                    <Link href={istioDetailsHref(row.namespace, row.resource, row.name)}>{row.name}</Link>
                  </th>
                  <td>{row.kind}</td>
                  <td>{row.namespace}</td>
                  <td title={row.creationTimestamp}>{formatAge(row.creationTimestamp, now)}</td>
                  <td>
                    <ValidationBadge validations={row.validations} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
