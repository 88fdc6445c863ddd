import type { DiffLine } from '@sextant/contracts';
import { foldContext } from './diffContext.ts';
import './DiffView.css';

/** A unified line diff; +/- in the text (not only colour) so it reads without colour too. */
export function DiffView({ lines, label }: { lines: readonly DiffLine[]; label: string }) {
  const changed = lines.some((l) => l.op !== 'context');
  if (!changed) return <p className="muted">No differences.</p>;
  return (
    <pre className="diff" aria-label={label}>
      {foldContext(lines).map((l, i) =>
        l.op === 'skip' ? (
          <div key={i} className="diff__line diff__line--skip">
            ⋯ {l.count} unchanged line{l.count === 1 ? '' : 's'}
          </div>
        ) : (
          <div key={i} className={`diff__line diff__line--${l.op}`}>
            <span className="diff__ln" aria-hidden="true">
              {l.oldLine ?? ''}
            </span>
            <span className="diff__ln" aria-hidden="true">
              {l.newLine ?? ''}
            </span>
            <span className="diff__op">{l.op === 'add' ? '+' : l.op === 'remove' ? '-' : ' '}</span>
            {l.text}
          </div>
        ),
      )}
    </pre>
  );
}
