import type { Validation, ValidationSeverity } from '@sextant/contracts';
import { worstSeverity } from '../configView.ts';
import { countsText, problemCounts } from './yamlProblems.ts';

export interface EditStatus {
  severity: 'valid' | ValidationSeverity;
  text: string;
  /** What the badge describes, for its tooltip and accessible name. */
  subject: 'stored' | 'edit';
}

/**
 * The editor's status badge follows the text being edited: the stored object's validations only
 * describe the text while it is unchanged. A syntax error or a problem in the edit is never "Valid".
 */
export function editStatus(input: {
  unchanged: boolean;
  syntaxErrors: number;
  /** Everything the editor found in the current text (syntax, local checks, live check, dry run). */
  problems: readonly { severity: ValidationSeverity }[];
  stored: readonly Validation[];
}): EditStatus {
  if (input.syntaxErrors > 0) {
    const n = input.syntaxErrors;
    return {
      severity: 'error',
      text: n === 1 ? 'YAML syntax error' : `${n} YAML syntax errors`,
      subject: 'edit',
    };
  }
  if (input.unchanged) {
    const severity = worstSeverity(input.stored);
    return {
      severity,
      text: severity === 'valid' ? 'Valid' : countsText(problemCounts(input.stored)),
      subject: 'stored',
    };
  }
  const counts = problemCounts(input.problems);
  if (counts.error > 0) return { severity: 'error', text: countsText(counts), subject: 'edit' };
  if (counts.warning > 0) return { severity: 'warning', text: countsText(counts), subject: 'edit' };
  return { severity: 'info', text: 'Edited · no problems found', subject: 'edit' };
}
