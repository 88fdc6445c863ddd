import { frameDuration } from './model/replay.ts';
import { formatDuration, type GraphViewState } from './urlState.ts';

/** `<input type="datetime-local">` speaks local wall-clock time; the API speaks unix seconds. */

const pad = (n: number) => String(n).padStart(2, '0');

/** Unix seconds -> `YYYY-MM-DDTHH:MM` in the browser's time zone. */
export function toLocalInput(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `YYYY-MM-DDTHH:MM[:SS]` local -> unix seconds; undefined when empty or unreadable. */
export function fromLocalInput(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s!);
  const seconds = Math.floor(date.getTime() / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/**
 * "during the last 5m", or for a past graph (a replay frame) "in the 5m before 14:03:20". A replay
 * frame counts its own window: the duration, or the step between frames when that is longer.
 */
export function windowText(state: GraphViewState): string {
  const d = formatDuration(state.replay ? frameDuration(state.duration, state.replay) : state.duration);
  if (state.queryTime === undefined) return `during the last ${d}`;
  return `in the ${d} before ${new Date(state.queryTime * 1000).toLocaleString()}`;
}
