import type { EditStatus } from './editStatus.ts';

const ICON = { valid: '✓', info: '•', warning: '!', error: '✕' } as const;

/** The editor's one status badge: about the text on screen, with icon and words (never colour alone). */
export function EditStatusBadge({ status }: { status: EditStatus }) {
  const about = status.subject === 'stored' ? 'The stored object' : 'Your edit';
  return (
    <span className={`badge badge--sev-${status.severity}`} title={`${about}: ${status.text}`}>
      <span className="sev-icon" aria-hidden="true">
        {ICON[status.severity]}
      </span>
      <span className="visually-hidden">{about}: </span>
      {status.text}
    </span>
  );
}
