import type { FieldError, Validation } from '@sextant/contracts';
import type { LocalProblem } from './editorModel.ts';

/** Messages by dotted path, for the form views to show at their fields. */
export function fieldProblems(
  validations: readonly Validation[],
  local: readonly LocalProblem[],
  fieldErrors: readonly FieldError[],
): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  const add = (path: string, message: string) => byPath.set(path, [...(byPath.get(path) ?? []), message]);
  for (const v of validations) add(v.path, `${v.severity}: ${v.message}`);
  for (const p of local) add(p.path, p.message);
  for (const f of fieldErrors) add(f.path, f.message);
  return byPath;
}
