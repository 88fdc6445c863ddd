import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="panel panel--empty">
      <h2 className="panel__title">{title}</h2>
      {children && <p className="panel__message">{children}</p>}
    </div>
  );
}
