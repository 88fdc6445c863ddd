import type { ReactNode } from 'react';

/**
 * The review row of an editor: "Review" (a dry run) and the write button, disabled with its
 * reasons listed under it (`blockers`), and a note when the text changed after the last dry run.
 */
export function ReviewActions(props: {
  reviewLabel: string;
  reviewDisabled: boolean;
  reviewing: boolean;
  onReview: () => void;
  /** "Apply", "Create". */
  actionLabel: string;
  /** "Applying…", "Creating…". */
  busyLabel: string;
  busy: boolean;
  onAction: () => void;
  /** Why the write button is disabled; empty: it is enabled. */
  blockers: readonly string[];
  /** Set when a dry run is there but for an older text. */
  staleNote?: string | undefined;
  title?: string | undefined;
  /** More buttons after the two (e.g. "Discard edits"). */
  children?: ReactNode;
}) {
  const reasonId = `${props.actionLabel.toLowerCase()}-reason`;
  return (
    <>
      <div className="review__actions">
        <button
          type="button"
          className="button"
          disabled={props.reviewDisabled || props.reviewing}
          onClick={props.onReview}
        >
          {props.reviewing ? 'Running dry run…' : props.reviewLabel}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={props.blockers.length > 0 || props.busy}
          aria-describedby={reasonId}
          title={props.title}
          onClick={props.onAction}
        >
          {props.busy ? props.busyLabel : props.actionLabel}
        </button>
        {props.children}
      </div>
      {props.blockers.length > 0 && (
        <ul id={reasonId} className="review__blockers" aria-label={`Why ${props.actionLabel} is disabled`}>
          {props.blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      {props.staleNote && <p className="muted">{props.staleNote}</p>}
    </>
  );
}
