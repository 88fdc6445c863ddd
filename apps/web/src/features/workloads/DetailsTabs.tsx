import { navigate } from '../../lib/router.ts';
import type { DetailsTab } from './workloadsUrlState.ts';

const TAB_TEXT: Record<DetailsTab, string> = {
  overview: 'Overview',
  traffic: 'Traffic',
  'inbound-metrics': 'Inbound metrics',
  'outbound-metrics': 'Outbound metrics',
  logs: 'Logs',
};

/** The details page's tabs; the chosen one is `?tab=` so a link or a reload opens it again. */
export function DetailsTabs({
  tabs,
  current,
  hrefOf,
}: {
  tabs: readonly DetailsTab[];
  current: DetailsTab;
  hrefOf: (tab: DetailsTab) => string;
}) {
  return (
    <div className="tabs" role="tablist" aria-label="Sections">
      {tabs.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          id={`tab-${tab}`}
          aria-selected={tab === current}
          aria-controls={`panel-${tab}`}
          className="tabs__tab"
          onClick={() => navigate(hrefOf(tab), { replace: true })}
        >
          {TAB_TEXT[tab]}
        </button>
      ))}
    </div>
  );
}
