import type { NamespaceOverview } from '@sextant/contracts';
import { Link } from '../../components/Link.tsx';
import { ConfigSummary } from './NamespaceCard.tsx';
import { HealthPill } from './HealthPill.tsx';
import {
  countsInWords,
  formatErrorPercent,
  formatRate,
  MTLS_WORDS,
  namespaceLinks,
} from './overviewFormat.ts';
import { TrafficSparkline } from './TrafficSparkline.tsx';

interface Props {
  namespaces: NamespaceOverview[];
  start: number;
  end: number;
}

export function OverviewTable({ namespaces, start, end }: Props) {
  return (
    <div className="table-card">
      <table className="table ov-table" aria-label="Namespaces overview">
        <thead>
          <tr>
            <th scope="col">Namespace</th>
            <th scope="col">Health</th>
            <th scope="col">Apps</th>
            <th scope="col">Workloads</th>
            <th scope="col">Inbound</th>
            <th scope="col">Errors</th>
            <th scope="col">Last minutes</th>
            <th scope="col">Mesh</th>
            <th scope="col">Istio config</th>
          </tr>
        </thead>
        <tbody>
          {namespaces.map((ns) => {
            const links = namespaceLinks(ns.name);
            return (
              <tr key={ns.name} data-namespace={ns.name}>
                <th scope="row" className="table__name">
                  <Link href={links.graph}>{ns.name}</Link>
                </th>
                <td>
                  <HealthPill health={ns.health} />
                  {ns.reasons[0] && <div className="ov-table__reason">{ns.reasons[0]}</div>}
                </td>
                <td>
                  <Link href={links.applications}>{countsInWords(ns.apps)}</Link>
                </td>
                <td>
                  <Link href={links.workloads}>{countsInWords(ns.workloads)}</Link>
                </td>
                <td className="ov-table__num">
                  {ns.traffic ? `${formatRate(ns.traffic.requestRate)} req/s` : '–'}
                </td>
                <td className="ov-table__num">
                  {ns.traffic ? formatErrorPercent(ns.traffic.errorPercent) : '–'}
                </td>
                <td>
                  {ns.traffic && (
                    <TrafficSparkline
                      requests={ns.traffic.requestSeries}
                      errors={ns.traffic.errorSeries}
                      start={start}
                      end={end}
                      label={`Inbound requests of ${ns.name}`}
                      width={96}
                    />
                  )}
                </td>
                <td className="ov-table__mesh">
                  <div>{ns.mtls ? MTLS_WORDS[ns.mtls] : 'mTLS unknown'}</div>
                  <div className="muted">{ns.istioInjection ? 'Sidecar injection' : 'No injection'}</div>
                </td>
                <td>
                  <ConfigSummary ns={ns} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
