import type { Validation } from '@sextant/contracts';
import { worstSeverity } from './configView.ts';

const LABEL = { valid: 'Valid', info: 'Info', warning: 'Warning', error: 'Error' } as const;
const ICON = { valid: '✓', info: 'i', warning: '!', error: '✕' } as const;

/** Severity as icon and word (never colour alone), with the messages in the tooltip and below. */
export function ValidationBadge({
  validations,
  showMessages = true,
}: {
  validations: Validation[];
  showMessages?: boolean;
}) {
  const worst = worstSeverity(validations);
  const title = validations.map((v) => `${v.severity}: ${v.message}`).join('\n');
  return (
    <div className="validation">
      <span className={`badge badge--sev-${worst}`} title={title || 'No findings'}>
        <span className="sev-icon" aria-hidden="true">
          {ICON[worst]}
        </span>
        {LABEL[worst]}
        {validations.length > 1 && ` (${validations.length})`}
      </span>
      {showMessages && validations.length > 0 && (
        <ul className="validation__messages">
          {validations.map((v, i) => (
            <li key={i}>
              <strong>{LABEL[v.severity]}:</strong> {v.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
