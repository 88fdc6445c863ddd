import { useQuery } from '@tanstack/react-query';
import { namespacesQuery } from '../api/namespaces.ts';

/** Which namespaces a list shows: every one when `chosen` is empty. */
export function NamespaceChooser({
  chosen,
  onChange,
}: {
  chosen: readonly string[];
  onChange: (next: string[]) => void;
}) {
  const namespaces = useQuery(namespacesQuery());
  const known = namespaces.data?.map((n) => n.name) ?? [];
  const names = [...new Set([...known, ...chosen])].sort();
  const selected = chosen.length > 0 ? chosen : known;
  const toggle = (ns: string) => {
    const next = selected.includes(ns) ? selected.filter((x) => x !== ns) : [...selected, ns];
    if (next.length > 0) onChange(next.sort());
  };
  if (names.length === 0) return null;
  return (
    <div className="filters" role="group" aria-label="Namespaces shown">
      <fieldset className="filters__group">
        <legend>Namespaces</legend>
        {names.map((ns) => (
          <label key={ns} className="check">
            <input type="checkbox" checked={selected.includes(ns)} onChange={() => toggle(ns)} />
            {ns}
          </label>
        ))}
      </fieldset>
      {chosen.length > 0 && (
        <button type="button" className="link-button" onClick={() => onChange([])}>
          All namespaces
        </button>
      )}
    </div>
  );
}
