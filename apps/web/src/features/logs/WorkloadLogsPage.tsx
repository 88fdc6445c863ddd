import { Link } from '../../components/Link.tsx';
import { DEFAULT_VIEW, encodeViewState } from '../graph/urlState.ts';
import { WorkloadLogs } from './WorkloadLogs.tsx';
import './logs.css';

interface Props {
  namespace: string;
  workload: string;
}

/** `/namespaces/{ns}/workloads/{name}/logs`: a workload's logs on a page of their own. */
export function WorkloadLogsPage({ namespace, workload }: Props) {
  const graphHref = `/graph?${encodeViewState({
    ...DEFAULT_VIEW,
    namespaces: [namespace],
    graphType: 'workload',
    find: `workload = ${workload}`,
  })}`;
  return (
    <section className="page" aria-labelledby="logs-heading">
      <header className="page__header">
        <p className="breadcrumb">
          <Link href="/namespaces">Namespaces</Link> / {namespace} / {workload}
        </p>
        <h1 id="logs-heading">Logs of {workload}</h1>
        <p className="muted small logs-intro">
          Container output as Kubernetes keeps it; the sidecar&apos;s is Envoy&apos;s access log. See{' '}
          {workload} in the <Link href={graphHref}>traffic graph</Link>.
        </p>
      </header>
      <WorkloadLogs namespace={namespace} workload={workload} />
    </section>
  );
}
