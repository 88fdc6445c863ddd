import type { ReactNode } from 'react';
import type { ApiError } from '../../../api/apiError.ts';

/** A refused write or dry run: the server's message and every field it named. */
export function WriteErrorPanel({
  title,
  error,
  children,
}: {
  title: string;
  error: ApiError;
  /** What to do about it, under the message. */
  children?: ReactNode;
}) {
  return (
    <div className="write-error" role="alert">
      <strong>{title}:</strong> {error.message}
      {error.fieldErrors.length > 0 && (
        <ul>
          {error.fieldErrors.map((f, i) => (
            <li key={i}>
              <code>{f.path || '(object)'}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}
