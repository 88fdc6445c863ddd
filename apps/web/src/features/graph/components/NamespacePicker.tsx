import type { Namespace } from '@sextant/contracts';
import { useId, useState } from 'react';
import { usePopover } from '../../../lib/usePopover.ts';

interface Props {
  namespaces: readonly Namespace[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
}

/** A button that opens a checklist of namespaces; the choice applies as each box is ticked. */
export function NamespacePicker({ namespaces, selected, onChange }: Props) {
  const { open, setOpen, rootRef } = usePopover();
  const [filter, setFilter] = useState('');
  const listId = useId();

  const toggle = (name: string) =>
    onChange(selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name]);
  const shown = namespaces.filter((ns) => ns.name.includes(filter.trim()));
  const summary =
    selected.length === 0
      ? 'Select namespaces'
      : selected.length <= 2
        ? selected.join(', ')
        : `${selected.length} namespaces`;

  return (
    <div className="picker" ref={rootRef}>
      <button
        type="button"
        className="select-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="select-button__label">Namespaces</span>
        <span className="select-button__value">{summary}</span>
        <Chevron />
      </button>
      {open && (
        <div className="popover" id={listId}>
          {namespaces.length > 8 && (
            <input
              className="input input--small"
              type="search"
              placeholder="Filter namespaces"
              aria-label="Filter namespaces"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              autoFocus
            />
          )}
          <fieldset className="checklist">
            <legend className="visually-hidden">Namespaces to draw</legend>
            {shown.map((ns) => (
              <label key={ns.name} className="checklist__item">
                <input
                  type="checkbox"
                  checked={selected.includes(ns.name)}
                  onChange={() => toggle(ns.name)}
                />
                <span className="checklist__name">{ns.name}</span>
                {ns.istioInjection && <span className="checklist__hint">sidecars</span>}
              </label>
            ))}
            {shown.length === 0 && <p className="muted">No namespace matches.</p>}
          </fieldset>
          <div className="popover__actions">
            <button
              type="button"
              className="button button--small"
              onClick={() => onChange(namespaces.map((n) => n.name))}
            >
              All
            </button>
            <button type="button" className="button button--small" onClick={() => onChange([])}>
              None
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export function Chevron() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" className="chevron">
      <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
