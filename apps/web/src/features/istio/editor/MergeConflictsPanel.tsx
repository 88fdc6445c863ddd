import type { MergeConflict } from '@sextant/mesh';

/**
 * After "Re-apply my change": the fields both sides changed. My value was kept for each; the
 * user can take theirs field by field. Everything else of theirs is already in the merged text.
 */
export function MergeConflictsPanel(props: {
  conflicts: readonly MergeConflict[];
  onUseTheirs: (conflict: MergeConflict) => void;
  onDismiss: () => void;
}) {
  const n = props.conflicts.length;
  return (
    <section className="conflict" aria-label="Fields changed on both sides">
      <h2 className="conflict__title">
        {n === 1 ? 'One field was' : `${n} fields were`} changed by both of you
      </h2>
      <p>
        Their other changes are kept. For {n === 1 ? 'this field' : 'these fields'} your value is used; take
        theirs where it should win, then review again.
      </p>
      <table className="table merge-conflicts">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Was</th>
            <th scope="col">Yours (kept)</th>
            <th scope="col">Theirs</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.conflicts.map((c) => (
            <tr key={c.path}>
              <td>
                <code>{c.path}</code>
              </td>
              <td>
                <Value value={c.base} />
              </td>
              <td>
                <Value value={c.mine} />
              </td>
              <td>
                <Value value={c.theirs} />
              </td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Use theirs for ${c.path}`}
                  onClick={() => props.onUseTheirs(c)}
                >
                  Use theirs
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="review__actions">
        <button type="button" className="button" onClick={props.onDismiss}>
          Keep mine for all
        </button>
      </div>
    </section>
  );
}

function Value({ value }: { value: unknown }) {
  if (value === undefined) return <span className="muted">(absent)</span>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return <code title={text}>{text.length > 60 ? `${text.slice(0, 59)}…` : text}</code>;
}
