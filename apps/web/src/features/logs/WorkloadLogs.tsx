import { useQuery } from '@tanstack/react-query';
import { workloadPodsQuery } from '../../api/logs.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { navigate, useLocation } from '../../lib/router.ts';
import { ContainerChoice } from './ContainerChoice.tsx';
import { LogView } from './LogView.tsx';
import { decodeLogsState, encodeLogsState, type LogsViewState } from './logsUrlState.ts';
import { SINCE_CHOICES, TAIL_CHOICES } from './logsView.ts';
import './logs.css';

interface Props {
  namespace: string;
  workload: string;
}

/**
 * The logs of a workload's pods: pick a pod and a container (the `istio-proxy` sidecar shows
 * Envoy's access log in columns), how much to read, follow it live, search it. Meant to stand on
 * its own page or as a tab of the workload's page.
 */
export function WorkloadLogs({ namespace, workload }: Props) {
  const pods = useQuery(workloadPodsQuery(namespace, workload));
  // The choices live in the URL: a link reproduces the view, back/forward steps through choices.
  const location = useLocation();
  const state = decodeLogsState(location.search);
  const { pod: podName, container: containerName, tailLines, sinceSeconds, follow } = state;
  const set = (patch: Partial<LogsViewState>, options: { replace?: boolean } = {}) => {
    const search = encodeLogsState(location.search, { ...state, ...patch });
    navigate(`${location.pathname}${search ? `?${search}` : ''}`, options);
  };
  // The field shows the URL's search (back/forward restore it too); typing replaces the URL
  // instead of adding a history entry per key.
  const search = state.search;
  const setSearch = (text: string) => set({ search: text }, { replace: true });

  if (pods.isPending) return <LoadingState label={`Loading the pods of ${workload}…`} />;
  if (pods.isError && !pods.data)
    return (
      <ErrorPanel
        title={`Could not load the pods of ${workload}`}
        error={pods.error}
        onRetry={() => void pods.refetch()}
      />
    );
  if (pods.data.length === 0)
    return (
      <EmptyState title="No pods">
        {workload} has no pods in {namespace} right now (scaled to zero, or still starting), so there are no
        logs to read.
      </EmptyState>
    );

  const pod = pods.data.find((p) => p.name === podName) ?? pods.data[0]!;
  const readable = pod.containers;
  const container =
    readable.find((c) => c.name === containerName) ?? readable.find((c) => !c.isInit) ?? readable[0];
  return (
    <div className="logs">
      <div className="logs-toolbar" role="toolbar" aria-label="Log options">
        <label className="field">
          <span className="field__label">Pod</span>
          <select
            className="select select--small"
            value={pod.name}
            onChange={(e) => set({ pod: e.target.value, container: undefined })}
          >
            {pods.data.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
                {p.ready ? '' : ` (${p.phase === 'Running' ? 'not ready' : p.phase})`}
              </option>
            ))}
          </select>
        </label>
        <ContainerChoice
          containers={readable}
          value={container?.name}
          onChange={(name) => set({ container: name })}
        />
        <label className="field">
          <span className="field__label">Lines</span>
          <select
            className="select select--small"
            value={tailLines}
            onChange={(e) => set({ tailLines: Number(e.target.value) })}
          >
            {TAIL_CHOICES.map((n) => (
              <option key={n} value={n}>
                Last {n}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Since</span>
          <select
            className="select select--small"
            value={sinceSeconds ?? ''}
            onChange={(e) =>
              set({ sinceSeconds: e.target.value === '' ? undefined : Number(e.target.value) })
            }
          >
            {SINCE_CHOICES.map((c) => (
              <option key={c.label} value={c.seconds ?? ''}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={`button button--small logs-follow${follow ? ' logs-follow--on' : ''}`}
          aria-pressed={follow}
          onClick={() => set({ follow: !follow })}
        >
          <span className="logs-follow__dot" aria-hidden="true" />
          {follow ? 'Following' : 'Follow'}
        </button>
        <label className="field logs-search">
          <span className="field__label">Search</span>
          <input
            type="search"
            className="input input--small"
            placeholder="Filter lines, e.g. 503 or /reviews"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </div>
      {container === undefined ? (
        <EmptyState title="No containers">{pod.name} has no containers to read.</EmptyState>
      ) : (
        <LogView
          key={`${pod.name}/${container.name}`}
          namespace={namespace}
          pod={pod.name}
          params={{ container: container.name, tailLines, sinceSeconds }}
          follow={follow}
          accessLog={container.isSidecar}
          search={search}
        />
      )}
    </div>
  );
}
