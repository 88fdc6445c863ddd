/**
 * Escaping for values placed inside PromQL label matchers. Namespaces are validated before they get
 * here, but the query text must be safe on its own: a future caller that skips validation must not be
 * able to break out of the matcher.
 */

/** Escapes a value for a double-quoted PromQL string literal (Go string syntax). */
export function escapePromString(value: string): string {
  return value.replace(/[\\"\n\r\t]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${c}`;
    }
  });
}

/** Escapes RE2 metacharacters so the value matches itself literally inside a `=~` matcher. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The string literal (with quotes) for a `=~` matcher matching exactly one of `values`. */
export function regexAlternation(values: readonly string[]): string {
  return `"${escapePromString(values.map(escapeRegex).join('|'))}"`;
}
