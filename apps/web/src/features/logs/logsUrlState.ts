import { SINCE_CHOICES, TAIL_CHOICES } from './logsView.ts';

/**
 * What the logs view shows, kept in the page's query so a link reproduces it and back/forward
 * steps through the choices: `pod`, `container`, `tail`, `since` (seconds), `follow=1`, `q` (search).
 * Other parameters of the page (its tab) are left as they are.
 */
export interface LogsViewState {
  /** Undefined: the first pod. */
  pod: string | undefined;
  /** Undefined: kubectl's default (the first app container). */
  container: string | undefined;
  tailLines: number;
  /** Undefined: everything the kubelet kept. */
  sinceSeconds: number | undefined;
  follow: boolean;
  search: string;
}

export const DEFAULT_TAIL_LINES = 500;

const KEYS = ['pod', 'container', 'tail', 'since', 'follow', 'q'] as const;
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Reads the state; a value that is not one of the choices falls back to its default. */
export function decodeLogsState(search: string): LogsViewState {
  const q = new URLSearchParams(search);
  const name = (key: string) => {
    const v = q.get(key);
    return v !== null && NAME.test(v) ? v : undefined;
  };
  const tail = Number(q.get('tail'));
  const since = Number(q.get('since'));
  return {
    pod: name('pod'),
    container: name('container'),
    tailLines: TAIL_CHOICES.includes(tail) ? tail : DEFAULT_TAIL_LINES,
    sinceSeconds: SINCE_CHOICES.some((c) => c.seconds === since && since > 0) ? since : undefined,
    follow: q.get('follow') === '1',
    search: q.get('q') ?? '',
  };
}

/** `search` with the logs state written in (defaults left out), other parameters kept in place. */
export function encodeLogsState(search: string, state: LogsViewState): string {
  const q = new URLSearchParams(search);
  for (const key of KEYS) q.delete(key);
  if (state.pod) q.set('pod', state.pod);
  if (state.container) q.set('container', state.container);
  if (state.tailLines !== DEFAULT_TAIL_LINES) q.set('tail', String(state.tailLines));
  if (state.sinceSeconds !== undefined) q.set('since', String(state.sinceSeconds));
  if (state.follow) q.set('follow', '1');
  if (state.search) q.set('q', state.search);
  return q.toString();
}
