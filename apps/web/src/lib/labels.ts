/** Labels every namespace carries that only repeat what the row already shows. */
const REDUNDANT_LABELS = new Set(['kubernetes.io/metadata.name']);

/** Labels worth showing, as `key=value`, sorted so rows are easy to compare. */
export function visibleLabels(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels)
    .filter(([key]) => !REDUNDANT_LABELS.has(key))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => (value === '' ? key : `${key}=${value}`));
}
