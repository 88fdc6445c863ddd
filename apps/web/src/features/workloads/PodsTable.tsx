import type { PodSummary } from '@sextant/contracts';

/** The pods behind a workload (or app): are they running and ready, do they restart, is the proxy in. */
export function PodsTable({
  pods,
  showWorkload = false,
}: {
  pods: readonly (PodSummary & { workload?: string })[];
  showWorkload?: boolean;
}) {
  if (pods.length === 0)
    return (
      <p className="muted">No pods: the workload is scaled to 0 or its pods have not been created yet.</p>
    );
  return (
    <div className="table-card">
      <table className="table workload-table" aria-label="Pods">
        <thead>
          <tr>
            <th scope="col">Pod</th>
            {showWorkload && <th scope="col">Workload</th>}
            <th scope="col">Status</th>
            <th scope="col">Ready</th>
            <th scope="col">Restarts</th>
            <th scope="col">Istio proxy</th>
          </tr>
        </thead>
        <tbody>
          {pods.map((p) => {
            const ready = p.phase === 'Running' && p.readyContainers === p.containers;
            return (
              <tr key={p.name}>
                <th scope="row" className="table__name">
                  {p.name}
                </th>
                {showWorkload && <td>{p.workload}</td>}
                <td>
                  <span className={`pod-phase pod-phase--${ready ? 'ok' : 'bad'}`}>{p.phase}</span>
                </td>
                <td>
                  {p.readyContainers}/{p.containers}
                </td>
                <td className={p.restarts > 0 ? 'pod-restarts--some' : undefined}>{p.restarts}</td>
                <td>
                  {p.proxy ? (
                    <span title={p.proxy.image}>
                      {p.proxy.version ? `istio-proxy ${p.proxy.version}` : 'istio-proxy'}
                    </span>
                  ) : (
                    <span className="workload-warning">
                      <span aria-hidden="true">⚠</span> No sidecar
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
