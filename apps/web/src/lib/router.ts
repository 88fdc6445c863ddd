import { useSyncExternalStore } from 'react';

/**
 * A router of a few lines: two pages and view state in the query string need no more than the
 * History API (and no loaders, nested layouts or a dependency). Pure path matching lives in
 * `matchRoute`, tested on its own.
 */

const NAVIGATE_EVENT = 'sextant:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

export interface Location {
  pathname: string;
  /** Without the leading `?`. */
  search: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  const q = href.indexOf('?');
  return q < 0 ? { pathname: href, search: '' } : { pathname: href.slice(0, q), search: href.slice(q + 1) };
}

/** Goes to `to` (path and query) without a reload; `replace` keeps the history from filling up. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export type RouteName =
  | 'overview'
  | 'mesh'
  | 'namespaces'
  | 'graph'
  | 'servicesList'
  | 'serviceDetails'
  | 'istioList'
  | 'istioDetails'
  | 'istioCreate'
  | 'trafficShift'
  | 'workloadsList'
  | 'workloadDetails'
  | 'applicationsList'
  | 'applicationDetails'
  | 'authDone'
  | 'workloadLogs'
  | 'changes'
  | 'notFound';

export function matchRoute(pathname: string): RouteName {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/overview') return 'overview';
  if (path === '/namespaces') return 'namespaces';
  if (path === '/mesh') return 'mesh';
  if (path === '/graph') return 'graph';
  if (path === '/changes') return 'changes';
  if (path === '/services') return 'servicesList';
  if (serviceDetailsParams(path)) return 'serviceDetails';
  if (path === '/workloads') return 'workloadsList';
  if (path === '/applications') return 'applicationsList';
  if (namespacedDetailsParams('workloads', path)) return 'workloadDetails';
  if (namespacedDetailsParams('applications', path)) return 'applicationDetails';
  if (path === '/istio') return 'istioList';
  if (path === '/istio/wizards/traffic-shift') return 'trafficShift';
  if (path === '/istio/new') return 'istioCreate';
  if (istioDetailsParams(path)) return 'istioDetails';
  if (path === '/auth/done') return 'authDone';
  if (workloadLogsParams(path)) return 'workloadLogs';
  return 'notFound';
}

/** `/istio/{namespace}/{resource}/{name}`, segments URI-decoded; undefined for any other path. */
export function istioDetailsParams(
  pathname: string,
): { namespace: string; resource: string; name: string } | undefined {
  const m = /^\/istio\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!m) return undefined;
  try {
    return {
      namespace: decodeURIComponent(m[1]!),
      resource: decodeURIComponent(m[2]!),
      name: decodeURIComponent(m[3]!),
    };
  } catch {
    return undefined;
  }
}

/** `/namespaces/{namespace}/services/{name}`, segments URI-decoded; undefined for any other path. */
export function serviceDetailsParams(pathname: string): { namespace: string; name: string } | undefined {
  const m = /^\/namespaces\/([^/]+)\/services\/([^/]+)\/?$/.exec(pathname);
  if (!m) return undefined;
  try {
    return { namespace: decodeURIComponent(m[1]!), name: decodeURIComponent(m[2]!) };
  } catch {
    return undefined;
  }
}

/** `/namespaces/{namespace}/workloads/{workload}/logs`, segments URI-decoded; undefined for any other path. */
export function workloadLogsParams(pathname: string): { namespace: string; workload: string } | undefined {
  const m = /^\/namespaces\/([^/]+)\/workloads\/([^/]+)\/logs\/?$/.exec(pathname);
  if (!m) return undefined;
  try {
    return { namespace: decodeURIComponent(m[1]!), workload: decodeURIComponent(m[2]!) };
  } catch {
    return undefined;
  }
}

/** `/namespaces/{namespace}/{workloads|applications}/{name}`, segments URI-decoded. */
export function namespacedDetailsParams(
  kind: 'workloads' | 'applications',
  pathname: string,
): { namespace: string; name: string } | undefined {
  const m = new RegExp(`^/namespaces/([^/]+)/${kind}/([^/]+)/?$`).exec(pathname);
  if (!m) return undefined;
  try {
    return { namespace: decodeURIComponent(m[1]!), name: decodeURIComponent(m[2]!) };
  } catch {
    return undefined;
  }
}
