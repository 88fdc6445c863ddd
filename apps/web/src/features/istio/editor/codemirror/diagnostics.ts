import type { Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { EditorProblem } from '../yamlProblems.ts';

/**
 * Problems found per line, as CodeMirror diagnostics: each underlines its line from the first
 * non-blank character to the end (a blank line gets a point). A line beyond the end of the
 * document (the text changed since the problem was found) is clamped to the last line.
 */
export function toDiagnostics(doc: Text, problems: readonly EditorProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(1, Math.trunc(p.line) || 1), doc.lines));
    const indent = line.text.length - line.text.trimStart().length;
    return {
      from: line.from + indent,
      to: line.to,
      severity: p.severity,
      message: p.message,
      ...(p.source ? { source: p.source } : {}),
    };
  });
}
