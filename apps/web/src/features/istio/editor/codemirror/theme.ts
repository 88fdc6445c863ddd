import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';

/**
 * The editor paints with the app's design tokens (styles.css, "YAML editor (CodeMirror)"), so the
 * light and dark themes are the same rules over two sets of CSS variables. CodeMirror still needs
 * to know which one is on screen for its own defaults (selection, panels), hence two themes.
 */
const rules = {
  '&': {
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
    fontSize: '13px',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '20px' },
  '.cm-content': { padding: '8px 0', caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--cm-selection)' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
  '.cm-gutters': {
    color: 'var(--text-muted)',
    backgroundColor: 'var(--surface-muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)', color: 'var(--text)' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 8px 0 12px', minWidth: '36px' },
  '.cm-gutter-lint': { width: '18px' },
  '.cm-gutter-lint .cm-gutterElement': { padding: '0 0 0 4px' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
    backgroundColor: 'var(--accent-soft)',
    outline: '1px solid var(--accent)',
  },
  '.cm-tooltip': {
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
    boxShadow: 'var(--shadow)',
    overflow: 'hidden',
  },
  '.cm-tooltip-lint': { maxWidth: '560px' },
  '.cm-diagnostic': { padding: '6px 10px', fontFamily: 'var(--font-sans)', fontSize: '13px' },
  '.cm-diagnostic-error': { borderLeft: '4px solid var(--cm-error)' },
  '.cm-diagnostic-warning': { borderLeft: '4px solid var(--cm-warning)' },
  '.cm-diagnostic-info': { borderLeft: '4px solid var(--cm-info)' },
  '.cm-diagnosticSource': { color: 'var(--text-muted)', opacity: '1' },
  '.cm-panels': { color: 'var(--text)', backgroundColor: 'var(--surface-muted)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-panel.cm-panel-lint ul [aria-selected]': { backgroundColor: 'var(--accent-soft)' },
  '.cm-searchMatch': {
    backgroundColor: 'var(--cm-search-match)',
    outline: '1px solid var(--warning-border)',
  },
  '.cm-searchMatch-selected': { backgroundColor: 'var(--cm-search-selected)' },
} as const;

/** CodeMirror's wavy underline, drawn thicker and in the theme's colours (its own is faint on dark). */
const underline = (color: string) =>
  `url('data:image/svg+xml;base64,${btoa(
    `<svg xmlns="http://www.w3.org/2000/svg" width="6" height="3"><path d="m0 2.5 l2 -1.5 l1 0 l2 1.5 l1 0" stroke="${color}" fill="none" stroke-width="1.1"/></svg>`,
  )}')`;

const underlines = (colors: { error: string; warning: string; info: string }) => ({
  '.cm-lintRange-error': { backgroundImage: underline(colors.error) },
  '.cm-lintRange-warning': { backgroundImage: underline(colors.warning) },
  '.cm-lintRange-info': { backgroundImage: underline(colors.info) },
});

export const lightTheme = EditorView.theme(
  { ...rules, ...underlines({ error: '#dc2626', warning: '#d97706', info: '#64748b' }) },
  { dark: false },
);
export const darkTheme = EditorView.theme(
  { ...rules, ...underlines({ error: '#f87171', warning: '#fbbf24', info: '#94a3b8' }) },
  { dark: true },
);

/**
 * CodeMirror's default highlight style, each of its colours swapped for a token of ours. Taking its
 * tags keeps the YAML grammar's mapping (keys, quoted strings, comments, anchors, tags) without a
 * highlighting library of our own.
 */
const TOKEN_OF_COLOR: Record<string, string> = {
  '#00c': 'var(--cm-key)',
  '#a11': 'var(--cm-string)',
  '#164': 'var(--cm-string)',
  '#940': 'var(--cm-comment)',
  '#219': 'var(--cm-atom)',
  '#708': 'var(--cm-keyword)',
  '#085': 'var(--cm-type)',
  '#e40': 'var(--cm-special)',
  '#404740': 'var(--text-muted)',
};

export const yamlHighlighting = syntaxHighlighting(
  HighlightStyle.define(
    defaultHighlightStyle.specs.map((spec) =>
      typeof spec.color === 'string' ? { ...spec, color: TOKEN_OF_COLOR[spec.color] ?? 'var(--text)' } : spec,
    ),
  ),
);
