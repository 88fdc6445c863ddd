import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Annotation, Compartment, EditorState, type Text } from '@codemirror/state';
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import type { EditorProblem } from '../yamlProblems.ts';
import { toDiagnostics } from './diagnostics.ts';
import { minimalChange } from './textChange.ts';
import { darkTheme, lightTheme, yamlHighlighting } from './theme.ts';

/** The YAML editor as React sees it: text in and out, problems in, nothing of CodeMirror's leaking. */
export interface YamlView {
  /** Replaces the text from outside (the form view): one undoable step, no onChange echo. */
  setText(text: string): void;
  setProblems(problems: readonly EditorProblem[]): void;
  setDark(dark: boolean): void;
  setReadOnly(readOnly: boolean): void;
  /** Puts the cursor at the first non-blank character of `line` (1-based) and focuses the editor. */
  goToLine(line: number): void;
  destroy(): void;
}

export interface YamlViewOptions {
  text: string;
  dark: boolean;
  readOnly: boolean;
  /** Accessible name of the text area, and the id of what describes it (the status line). */
  label: string;
  describedBy?: string;
  onChange: (text: string) => void;
}

const external = Annotation.define<boolean>();

export function createYamlView(parent: HTMLElement, options: YamlViewOptions): YamlView {
  // What we last reported: a `value` still equal to it while the text has moved on is the parent
  // lagging a keystroke behind, not a change from outside.
  let emitted: string | undefined;
  let shown: { key: string; doc: Text | undefined } = { key: '', doc: undefined };
  const theme = new Compartment();
  const editable = new Compartment();
  const readOnlyState = (readOnly: boolean) => [
    EditorState.readOnly.of(readOnly),
    EditorView.contentAttributes.of({ 'aria-readonly': String(readOnly) }),
  ];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        lintGutter(),
        lineNumbers(),
        foldGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        dropCursor(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        yaml(),
        yamlHighlighting,
        search({ top: true }),
        highlightSelectionMatches(),
        keymap.of([
          ...searchKeymap,
          ...defaultKeymap,
          ...historyKeymap,
          ...foldKeymap,
          ...lintKeymap,
          indentWithTab,
        ]),
        EditorView.contentAttributes.of({
          'aria-label': options.label,
          ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
        }),
        theme.of(options.dark ? darkTheme : lightTheme),
        editable.of(readOnlyState(options.readOnly)),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.some((t) => t.annotation(external))) {
            emitted = update.state.doc.toString();
            options.onChange(emitted);
          }
        }),
      ],
    }),
  });

  return {
    setText(text) {
      if (text === emitted) return;
      const change = minimalChange(view.state.doc.toString(), text);
      if (!change) return;
      emitted = undefined;
      view.dispatch({ changes: change, annotations: [external.of(true), isolateHistory.of('full')] });
    },
    setProblems(problems) {
      // Re-rendering with the same problems must not reset the lint state (an open tooltip stays).
      const key = JSON.stringify(problems);
      if (key === shown.key && view.state.doc === shown.doc) return;
      shown = { key, doc: view.state.doc };
      view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, problems)));
    },
    setDark(dark) {
      view.dispatch({ effects: theme.reconfigure(dark ? darkTheme : lightTheme) });
    },
    setReadOnly(readOnly) {
      view.dispatch({ effects: editable.reconfigure(readOnlyState(readOnly)) });
    },
    goToLine(line) {
      const { doc } = view.state;
      const target = doc.line(Math.min(Math.max(1, line), doc.lines));
      const indent = target.text.length - target.text.trimStart().length;
      view.dispatch({ selection: { anchor: target.from + indent }, scrollIntoView: true });
      view.focus();
    },
    destroy() {
      view.destroy();
    },
  };
}
