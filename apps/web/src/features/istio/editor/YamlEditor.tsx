import { useEffect, useId, useRef, useState } from 'react';
import { useDocumentTheme } from '../../../lib/useDocumentTheme.ts';
import type { YamlView } from './codemirror/yamlView.ts';
import { liveStatus, type EditorProblem, type LiveCheckState } from './yamlProblems.ts';
import './YamlEditor.css';

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** Syntax errors, local problems and server findings placed on lines: marked in the text and listed below. */
  problems: readonly EditorProblem[];
  /** The background check's progress, for the status line; without it only the problems are counted. */
  check?: LiveCheckState;
  readOnly?: boolean;
}

const LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;
const ICON = { error: '✕', warning: '!', info: 'i' } as const;

/**
 * The YAML text in CodeMirror (`./codemirror/` is the only place that knows it), controlled like
 * a textarea: `value` in, `onChange` out. A `value` that differs from the text on screen (an edit
 * in the form view) is applied as one undoable change, so the cursor and the undo history stay.
 */
export function YamlEditor({
  value,
  onChange,
  problems,
  check = { status: 'off' },
  readOnly = false,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<YamlView | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const [loadFailed, setLoadFailed] = useState(false);
  const dark = useDocumentTheme() === 'dark';
  const statusId = useId();
  // What the view must show once it exists; CodeMirror is a chunk of its own, loaded on first use.
  const latest = useRef({ value, problems, dark, readOnly, onChange });
  useEffect(() => {
    latest.current = { value, problems, dark, readOnly, onChange };
  });

  useEffect(() => {
    let cancelled = false;
    let created: YamlView | undefined;
    void import('./codemirror/yamlView.ts').then(
      ({ createYamlView }) => {
        if (cancelled || !host.current) return;
        const now = latest.current;
        created = createYamlView(host.current, {
          text: now.value,
          dark: now.dark,
          readOnly: now.readOnly,
          label: 'YAML',
          describedBy: statusId,
          onChange: (text) => latest.current.onChange(text),
        });
        created.setProblems(now.problems);
        view.current = created;
        setReady(true);
      },
      () => {
        // The chunk did not load (offline, a new deploy): a plain text area still lets one edit.
        if (!cancelled) setLoadFailed(true);
      },
    );
    return () => {
      cancelled = true;
      created?.destroy();
      view.current = undefined;
    };
  }, [statusId]);

  useEffect(() => {
    view.current?.setText(value);
    view.current?.setProblems(problems);
  }, [value, problems]);
  useEffect(() => view.current?.setDark(dark), [dark]);
  useEffect(() => view.current?.setReadOnly(readOnly), [readOnly]);

  const status = liveStatus(problems, check);
  return (
    <div className="yaml">
      {/* data-yaml: the text as a whole, for e2e tests (CodeMirror renders only the visible lines). */}
      <div className="yaml__cm" data-yaml={value} aria-busy={!ready}>
        {!ready && !loadFailed && <p className="yaml__loading muted">Loading the editor…</p>}
        {loadFailed && (
          <textarea
            className="yaml__fallback"
            aria-label="YAML"
            spellCheck={false}
            wrap="off"
            rows={Math.min(40, Math.max(12, value.split('\n').length + 1))}
            value={value}
            readOnly={readOnly}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
        <div ref={host} />
      </div>
      <div className={`yaml__status yaml__status--${status.tone}`}>
        <span id={statusId} role="status" aria-busy={status.tone === 'busy'}>
          <span className="yaml__status-icon" aria-hidden="true">
            {status.tone === 'busy'
              ? '…'
              : status.tone === 'ok'
                ? '✓'
                : status.tone === 'failed'
                  ? '!'
                  : ICON[
                      problems.some((p) => p.severity === 'error')
                        ? 'error'
                        : (problems[0]?.severity ?? 'info')
                    ]}
          </span>
          {status.text}
          {status.note && <span className="yaml__status-note"> · {status.note}</span>}
        </span>
        <span className="yaml__hint">Ctrl-F find · F8 next problem · Esc then Tab leaves the editor</span>
      </div>
      {problems.length > 0 && (
        <ul className="yaml__problems" aria-label="YAML problems">
          {problems.map((p, i) => (
            <li key={i} className={`yaml__problem yaml__problem--${p.severity}`}>
              <button
                type="button"
                className="yaml__problem-button"
                onClick={() => view.current?.goToLine(p.line)}
              >
                <span className="sev-icon" aria-hidden="true">
                  {ICON[p.severity]}
                </span>{' '}
                <strong>
                  {LABEL[p.severity]} · line {p.line}:
                </strong>{' '}
                {p.message}
                {p.source && <span className="yaml__problem-source"> ({p.source})</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
