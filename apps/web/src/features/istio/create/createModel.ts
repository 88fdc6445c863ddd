import { ISTIO_RESOURCES, type Validation } from '@sextant/contracts';
import type { ApiError } from '../../../api/apiError.ts';
import { applyBlockers, type LocalProblem } from '../editor/editorModel.ts';
import type { YamlProblem } from '../editor/yamlModel.ts';
import type { CreateTarget } from './createUrlState.ts';

/**
 * What the server would refuse with a 400 because the text no longer fits the page: another kind,
 * another version, another namespace than the URL's, or a resourceVersion (a create has none).
 * Found while typing, marked on the field's line, and Create stays disabled until fixed.
 */
export function targetProblems(obj: unknown, target: CreateTarget): LocalProblem[] {
  if (typeof obj !== 'object' || obj === null) return [];
  const { kind, apiVersion, metadata } = obj as {
    kind?: unknown;
    apiVersion?: unknown;
    metadata?: { namespace?: unknown; resourceVersion?: unknown };
  };
  const want = ISTIO_RESOURCES[target.resource];
  const out: LocalProblem[] = [];
  if (kind !== want.kind)
    out.push({
      path: 'kind',
      message: `kind must be ${want.kind}: this page creates a ${want.kind} (choose another kind from the Istio config list)`,
    });
  const version = `${want.group}/${want.version}`;
  if (apiVersion !== version)
    out.push({ path: 'apiVersion', message: `apiVersion must be ${version}, the version Sextant writes` });
  const namespace = metadata?.namespace;
  if (namespace !== undefined && namespace !== '' && namespace !== target.namespace)
    out.push({
      path: 'metadata.namespace',
      message: `metadata.namespace must be ${target.namespace}: this page creates in namespace ${target.namespace}, not ${String(namespace)}`,
    });
  if (metadata?.resourceVersion !== undefined)
    out.push({
      path: 'metadata.resourceVersion',
      message: 'metadata.resourceVersion must be left out: a new object has none yet',
    });
  return out;
}

/** Why Create is disabled, in the words shown under it; empty: it is enabled. */
export function createBlockers(input: {
  viewOnlyReason: string | undefined;
  syntaxErrors: readonly YamlProblem[];
  localProblems: readonly LocalProblem[];
  reviewed: boolean;
  /** The dry run of the current text refused it: because the name is taken, or for another reason. */
  refused?: 'name' | 'other' | undefined;
  validations: readonly Validation[];
}): string[] {
  if (input.viewOnlyReason !== undefined) return [input.viewOnlyReason];
  const notReviewed =
    input.refused === 'name'
      ? 'The name is taken: choose another one, then review again'
      : input.refused === 'other'
        ? 'The dry run refused the object: fix what it names, then review again'
        : 'Review the new object (dry run) before creating it';
  return applyBlockers({ ...input, viewOnly: false, unchanged: false }).map((b) =>
    b === 'Review the changes (dry run) before applying' ? notReviewed : b,
  );
}

/** A 409 answering a create: the name is taken (Kubernetes' `AlreadyExists`). */
export const nameTaken = (error: ApiError): boolean => error.status === 409;
