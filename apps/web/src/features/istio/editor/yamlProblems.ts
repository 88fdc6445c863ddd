import type { FieldError, Validation, ValidationSeverity } from '@sextant/contracts';
import { isApiError } from '../../../api/apiError.ts';
import type { LiveCheckResult } from '../../../api/istioLiveCheck.ts';
import { pathLocator, type YamlProblem } from './yamlModel.ts';

/** A finding about a field, before it is placed on a line: the server's, or the editor's own. */
export interface PathFinding {
  path: string;
  message: string;
  severity: ValidationSeverity;
  /** Where it comes from, shown with the message: `YAML`, `editor`, `schema` or a validation code. */
  source: string;
}

/** What the YAML editor marks and lists. */
export interface EditorProblem {
  /** 1-based. */
  line: number;
  message: string;
  severity: ValidationSeverity;
  source?: string;
}

const RANK: Record<ValidationSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Places every finding on a line of `text`. With syntax errors only those are shown: the paths of
 * the other findings cannot be placed in a text that does not parse. The same finding from two
 * sources (the explicit review and the live check of the same text) is listed once.
 */
export function collectYamlProblems(
  text: string,
  syntaxErrors: readonly YamlProblem[],
  findings: readonly PathFinding[],
): EditorProblem[] {
  if (syntaxErrors.length > 0)
    return syntaxErrors.map((e) => ({ ...e, severity: 'error' as const, source: 'YAML' }));
  const locate = pathLocator(text);
  const seen = new Set<string>();
  const out: EditorProblem[] = [];
  for (const f of findings) {
    const line = locate(f.path) ?? 1;
    const key = `${line}\u0000${f.severity}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ line, message: f.message, severity: f.severity, source: f.source });
  }
  return out.sort((a, b) => a.line - b.line || RANK[a.severity] - RANK[b.severity]);
}

export const validationFindings = (validations: readonly Validation[]): PathFinding[] =>
  validations.map((v) => ({ path: v.path, message: v.message, severity: v.severity, source: v.code }));

/** Schema errors (Kubernetes' 422 causes, the server's 400/422 field errors) name fields too. */
export const fieldErrorFindings = (errors: readonly FieldError[]): PathFinding[] =>
  errors.map((f) => ({ path: f.path, message: f.message, severity: 'error', source: 'schema' }));

export const liveFindings = (result: LiveCheckResult): PathFinding[] => [
  ...fieldErrorFindings(result.fieldErrors),
  ...validationFindings(result.validations),
];

/** `['spec','http',0]` -> `spec.http[0]`; a key holding a dot goes in brackets, as Kubernetes writes it. */
export function joinPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (String(s).includes('.')) out += `[${String(s)}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

/**
 * What the text lacks to be an Istio object at all (no kind, no metadata.name, ...): found without
 * asking the server, which could not even address such an object.
 */
export const shapeFindings = (
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): PathFinding[] =>
  issues.map((i) => ({
    path: joinPath(i.path),
    message: /received undefined$/.test(i.message)
      ? `${joinPath(i.path) || 'the object'} is required`
      : `${joinPath(i.path) || 'the object'}: ${i.message}`,
    severity: 'error',
    source: 'schema',
  }));

/** The background check: `off` when it does not run (YAML does not parse, or the editor is hidden). */
export type LiveCheckState =
  | { status: 'off' }
  | { status: 'checking' }
  | { status: 'done' }
  | { status: 'failed'; message: string }
  /** The server cannot be asked at all (e.g. it is view-only). */
  | { status: 'unavailable'; message: string };

/** Why the live check could not answer, in words for the status line. */
export function liveCheckFailure(error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : String(error);
  if (error.status === 0) return 'the Sextant server cannot be reached';
  if (error.status === 403) return 'the server refuses writes, even dry runs (view-only)';
  if (error.status === 409)
    return 'the object changed in the cluster since you opened it; Review changes shows how';
  return error.message;
}

export interface ProblemCounts {
  error: number;
  warning: number;
  info: number;
}

export function problemCounts(problems: readonly { severity: ValidationSeverity }[]): ProblemCounts {
  const counts: ProblemCounts = { error: 0, warning: 0, info: 0 };
  for (const p of problems) counts[p.severity]++;
  return counts;
}

const NOUN: Record<ValidationSeverity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['note', 'notes'],
};

/** `2 errors, 1 warning`; `No problems` when there is none. */
export function countsText(counts: ProblemCounts): string {
  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${NOUN[s][counts[s] === 1 ? 0 : 1]}`);
  return parts.length === 0 ? 'No problems' : parts.join(', ');
}

export interface LiveStatus {
  /** `busy`: checking; `ok`: nothing found; `problems`: something found; `failed`: the check failed. */
  tone: 'busy' | 'ok' | 'problems' | 'failed';
  text: string;
  /** Why the live check could not run; editing goes on regardless. */
  note?: string;
}

/** The line beside the editor: what the problems list holds, and whether the live check is still going. */
export function liveStatus(
  problems: readonly { severity: ValidationSeverity }[],
  check: LiveCheckState,
): LiveStatus {
  if (check.status === 'checking') return { tone: 'busy', text: 'Checking…' };
  const counts = problemCounts(problems);
  const found = counts.error + counts.warning + counts.info > 0;
  if (check.status === 'failed' || check.status === 'unavailable')
    return {
      tone: 'failed',
      text: found ? countsText(counts) : 'No problems found locally',
      note: `${check.status === 'failed' ? 'Live check failed' : 'No live check'}: ${check.message}`,
    };
  return { tone: found ? 'problems' : 'ok', text: countsText(counts) };
}
