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
