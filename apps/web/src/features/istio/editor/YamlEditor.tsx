import { useRef } from 'react';
import type { YamlProblem } from './yamlModel.ts';

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** Syntax errors and server findings mapped to lines; shown in the gutter and listed below. */
  problems: readonly (YamlProblem & { severity: 'error' | 'warning' | 'info' })[];
  readOnly?: boolean;
}

/** A plain textarea with a line-number gutter that scrolls with it. */
export function YamlEditor({ value, onChange, problems, readOnly }: Props) {
  const gutter = useRef<HTMLDivElement>(null);
  const lines = value.split('\n').length;
  const byLine = new Map<number, string>();
  for (const p of problems) if (!byLine.has(p.line) || p.severity === 'error') byLine.set(p.line, p.severity);
  return (
    <div className="yaml">
      <div className="yaml__editor">
        <div className="yaml__gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div
              key={i}
              className={byLine.has(i + 1) ? `yaml__ln yaml__ln--${byLine.get(i + 1)}` : 'yaml__ln'}
            >
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          className="yaml__text"
          aria-label="YAML"
          spellCheck={false}
          value={value}
          readOnly={readOnly}
          wrap="off"
          rows={Math.min(40, Math.max(12, lines + 1))}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      {problems.length > 0 && (
        <ul className="yaml__problems" aria-label="YAML problems">
          {problems.map((p, i) => (
            <li key={i} className={`yaml__problem yaml__problem--${p.severity}`}>
              <strong>
                {p.severity === 'error' ? 'Error' : p.severity === 'warning' ? 'Warning' : 'Info'} · line{' '}
                {p.line}:
              </strong>{' '}
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
