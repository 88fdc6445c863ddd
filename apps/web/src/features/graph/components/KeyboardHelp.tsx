import { useEffect } from 'react';
import { KEYBOARD_HELP } from '../model/graphKeyboard.ts';

/**
 * The graph's keys, opened from the canvas controls or with `?` on the focused canvas. Escape
 * closes it first (caught before the canvas sees it); the next Escape reaches the canvas.
 */
export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      onClose();
    };
    document.addEventListener('keydown', onKey, { capture: true });
    return () => document.removeEventListener('keydown', onKey, { capture: true });
  }, [onClose]);
  return (
    <section className="keyboard-help" aria-labelledby="keyboard-help-title">
      <header className="keyboard-help__header">
        <h2 id="keyboard-help-title" className="keyboard-help__title">
          Keyboard
        </h2>
        <button
          type="button"
          className="icon-button icon-button--small"
          aria-label="Close keyboard help"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <p className="keyboard-help__lede">Tab to the graph, then:</p>
      <dl className="keyboard-help__list">
        {KEYBOARD_HELP.map((k) => (
          <div key={k.what} className="keyboard-help__row">
            <dt>
              {k.keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dt>
            <dd>{k.what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
