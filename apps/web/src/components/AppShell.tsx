import type { ReactNode } from 'react';
import { useClusterStaleness } from '../api/clusterFreshness.ts';
import { useViewOnlyReason } from '../api/status.ts';
import type { RouteName } from '../lib/router.ts';
import { useTheme } from '../lib/useTheme.ts';
import { SessionControls } from '../features/auth/SessionControls.tsx';
import { ClusterStaleBanner } from './ClusterStaleBanner.tsx';
import { Link } from './Link.tsx';
import { Logo } from './Logo.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

interface Props {
  route: RouteName;
  /** Full-width pages (the graph) leave the reading-width column. */
  wide?: boolean;
  children: ReactNode;
}

/** Header, navigation and the page below. */
export function AppShell({ route, wide = false, children }: Props) {
  const { theme, toggle } = useTheme();
  const viewOnlyReason = useViewOnlyReason();
  const staleness = useClusterStaleness();
  const current = (...names: RouteName[]) =>
    names.includes(route) ? { 'aria-current': 'page' as const } : {};
  return (
    <div className={`shell${wide ? ' shell--wide' : ''}`}>
      <header className="shell__header">
        <Link className="brand" href="/">
          <Logo />
          <span className="brand__name">Sextant</span>
        </Link>
        <nav className="nav" aria-label="Main">
          <Link className="nav__link" href="/" {...current('overview')}>
            Overview
          </Link>
          <Link className="nav__link" href="/namespaces" {...current('namespaces')}>
            Namespaces
          </Link>
          <Link className="nav__link" href="/graph" {...current('graph')}>
            Traffic graph
          </Link>
          <Link
            className="nav__link"
            href="/applications"
            {...current('applicationsList', 'applicationDetails')}
          >
            Applications
          </Link>
          <Link className="nav__link" href="/workloads" {...current('workloadsList', 'workloadDetails')}>
            Workloads
          </Link>
          <Link className="nav__link" href="/services" {...current('servicesList', 'serviceDetails')}>
            Services
          </Link>
          <Link
            className="nav__link"
            href="/istio"
            {...current('istioList', 'istioDetails', 'istioCreate', 'trafficShift')}
          >
            Istio config
          </Link>
          <Link className="nav__link" href="/changes" {...current('changes')}>
            Changes
          </Link>
          <Link className="nav__link" href="/mesh" {...current('mesh')}>
            Mesh
          </Link>
        </nav>
        <div className="shell__actions">
          {viewOnlyReason && (
            <span className="view-only-chip" title={viewOnlyReason} role="status">
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path
                  d="M1 8s2.5-5 7-5 7 5 7 5-2.5 5-7 5-7-5-7-5Z M8 10.2A2.2 2.2 0 1 0 8 5.8a2.2 2.2 0 0 0 0 4.4Z"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.4"
                />
              </svg>
              View-only
            </span>
          )}
          <ThemeToggle theme={theme} onToggle={toggle} />
          <SessionControls />
        </div>
      </header>
      {staleness && (
        <div className="shell__notice">
          <ClusterStaleBanner staleness={staleness} />
        </div>
      )}
      <main className="shell__main">{children}</main>
    </div>
  );
}
