import type { ChangeSummary, HistoryKind } from '@sextant/contracts';
import { HISTORY_KINDS } from '@sextant/contracts';
import { useQuery } from '@tanstack/react-query';
import { changeQuery, changesQuery } from '../../api/history.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Link } from '../../components/Link.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { NamespaceChooser } from '../../components/NamespaceChooser.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import { navigate } from '../../lib/router.ts';
import { DiffView } from '../istio/editor/DiffView.tsx';
import {
  authorText,
  byDay,
  changeTitle,
  decodeChangesView,
  encodeChangesView,
  graphHref,
  KIND_LABELS,
  objectHref,
  RANGES,
  type ChangesViewState,
} from './changesView.ts';
import './changes.css';

/** Changes shown at once; older ones come with "Show older". */
const PAGE = 100;

type Update = (change: Partial<ChangesViewState>, options?: { replace?: boolean }) => void;

/** What changed in the mesh, when and by whom: the change history as a timeline. */
export function ChangesPage({ search }: { search: string }) {
  const state = decodeChangesView(search);
  const update: Update = (change, options = {}) =>
    navigate(`/changes${query(encodeChangesView({ ...state, ...change }))}`, options);
  return (
    <section className="page changes-page" aria-labelledby="changes-heading">
      <header className="page__header">
        <h1 id="changes-heading">Changes</h1>
        <p className="page__lede">
          What changed, when, and who changed it: Istio config, Services, Deployments and namespaces, as
          Sextant's watches saw them.
        </p>
      </header>
      <div className="changes-filters">
        <NamespaceChooser
          chosen={state.namespaces}
          onChange={(namespaces) => update({ namespaces, open: undefined })}
        />
        <label className="field field--compact">
          <span className="field__label">Kind</span>
          <select
            className="select"
            value={state.kinds[0] ?? ''}
            onChange={(e) =>
              update({ kinds: e.target.value ? [e.target.value as HistoryKind] : [], open: undefined })
            }
          >
            <option value="">Every kind</option>
            {HISTORY_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--compact">
          <span className="field__label">Time</span>
          <select
            className="select"
            value={state.range}
            onChange={(e) => update({ range: Number(e.target.value), open: undefined })}
          >
            {RANGES.map((r) => (
              <option key={r.seconds} value={r.seconds}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Timeline state={state} update={update} />
    </section>
  );
}

const query = (search: string) => (search ? `?${search}` : '');

function Timeline({ state, update }: { state: ChangesViewState; update: Update }) {
  // The lower bound moves by the minute, so the query key stays put between renders.
  const minute = Math.floor(Date.now() / 60_000) * 60;
  const params = {
    namespaces: state.namespaces,
    kinds: state.kinds,
    from: state.range > 0 ? minute - state.range : undefined,
    limit: PAGE,
  };
  const changes = useQuery(changesQuery(params));
  const rangeLabel = RANGES.find((r) => r.seconds === state.range)?.label.toLowerCase() ?? '';
  if (changes.isPending) return <LoadingState label="Loading the changes…" />;
  if (!changes.data)
    return (
      <ErrorPanel
        title="Could not load the changes"
        error={changes.error}
        onRetry={() => void changes.refetch()}
      />
    );
  const data = changes.data;
  if (!data.enabled)
    return (
      <EmptyState title="The change history is off on this server">
        It was started with SEXTANT_HISTORY=off. Without it, Sextant records nothing of what changes in the
        cluster; see the README's settings to turn it on (SQLite in SEXTANT_DATA_DIR, or PostgreSQL).
      </EmptyState>
    );
  const dayOf = (ms: number) =>
    new Date(ms).toLocaleDateString(undefined, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
  return (
    <>
      {changes.isRefetchError && (
        <StaleBanner
          updatedAt={changes.dataUpdatedAt}
          error={changes.error}
          onRetry={() => void changes.refetch()}
        />
      )}
      {data.changes.length === 0 ? (
        <EmptyState title={`No changes in the ${rangeLabel.replace(/^last /, 'last ')}`}>
          Nothing the filters select was created, changed or deleted{' '}
          {state.range > 0 ? `in the ${rangeLabel.replace(/^last /, 'last ')}` : 'since the history began'}.
          Changes made with Sextant, kubectl or any other client appear here within seconds.
        </EmptyState>
      ) : (
        <ol className="timeline" aria-label="Changes, newest first">
          {byDay(data.changes, dayOf).map(({ day, changes: ofDay }) => (
            <li key={day} className="timeline__day">
              <h2 className="timeline__date">{day}</h2>
              <ol className="timeline__changes">
                {ofDay.map((c) => (
                  <ChangeItem
                    key={c.id}
                    change={c}
                    open={state.open === c.id}
                    onToggle={() =>
                      update({ open: state.open === c.id ? undefined : c.id }, { replace: true })
                    }
                  />
                ))}
              </ol>
            </li>
          ))}
        </ol>
      )}
      {data.nextBefore !== undefined && (
        <p className="muted small">
          Showing the newest {data.changes.length}. Narrow the namespaces, kind or time to see older ones.
        </p>
      )}
    </>
  );
}

function ChangeItem({
  change: c,
  open,
  onToggle,
}: {
  change: ChangeSummary;
  open: boolean;
  onToggle: () => void;
}) {
  const time = new Date(c.time).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (
    <li className={`change change--${c.operation}`} aria-label={`${changeTitle(c)} in ${c.namespace}`}>
      <button type="button" className="change__summary" aria-expanded={open} onClick={onToggle}>
        <time className="change__time" dateTime={new Date(c.time).toISOString()}>
          {time}
        </time>
        <span className={`change__op change__op--${c.operation}`}>{c.operation}</span>
        <span className="change__what">
          <strong>
            {c.objectKind} {c.name}
          </strong>{' '}
          <span className="chip">{c.namespace}</span>
        </span>
        <span className={`change__who${c.attributed ? '' : ' change__who--seen'}`}>{authorText(c)}</span>
        {c.seenLate && (
          <span
            className="change__late"
            title="Noticed after a restart or a gap in the watch: it happened before this time, exactly when is unknown"
          >
            seen late
          </span>
        )}
        {c.paths.length > 0 && (
          <span className="change__paths">
            {c.paths.map((p) => (
              <code key={p}>{p}</code>
            ))}
          </span>
        )}
      </button>
      {open && <ChangeDetail change={c} />}
    </li>
  );
}

function ChangeDetail({ change: c }: { change: ChangeSummary }) {
  const detail = useQuery(changeQuery(c.id));
  const href = objectHref(c);
  const now = Date.now();
  return (
    <div className="change__detail">
      <p className="change__links">
        {href && <Link href={href}>Open {c.objectKind}</Link>}
        <Link href={graphHref(c, 'before', now)}>Graph: 5 minutes before</Link>
        <Link href={graphHref(c, 'after', now)}>Graph: 5 minutes after</Link>
      </p>
      {detail.isPending ? (
        <LoadingState label="Loading the diff…" />
      ) : !detail.data ? (
        <ErrorPanel
          title="Could not load the change"
          error={detail.error}
          onRetry={() => void detail.refetch()}
        />
      ) : (
        <DiffView lines={detail.data.diff} label={`Diff of ${changeTitle(c)}`} />
      )}
    </div>
  );
}
