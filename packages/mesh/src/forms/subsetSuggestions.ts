import { selectorMatches } from '../cluster/clusterState.ts';
import {
  emptySubsetForm,
  freshSubsetKey,
  type DestinationRuleForm,
  type LabelForm,
} from './destinationRuleForm.ts';

/** What the subset editor needs to know of a workload the host's Service selects. */
export interface LabelledWorkload {
  name: string;
  labels: Readonly<Record<string, string>>;
}

/** A label key present on the workloads, with its values, both sorted. */
export interface LabelSuggestion {
  key: string;
  values: string[];
}

/** The label the "a subset per version" helper reads, as Istio's canonical revision falls back to it. */
export const VERSION_LABEL = 'version';

/** The labels of a subset form as a selector: rows without a name are not written, so they select nothing. */
export function subsetSelector(labels: readonly LabelForm[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of labels) if (name.trim()) out[name.trim()] = value;
  return out;
}

/**
 * The workloads a subset with `labels` selects among the host's workloads. A subset without labels
 * filters nothing: it is every endpoint of the host.
 */
export function subsetWorkloads<W extends LabelledWorkload>(
  labels: readonly LabelForm[],
  workloads: readonly W[],
): W[] {
  const selector = subsetSelector(labels);
  if (Object.keys(selector).length === 0) return [...workloads];
  return workloads.filter((w) => selectorMatches(selector, w.labels));
}

/** Every label key on the workloads with the values seen for it. */
export function labelSuggestions(workloads: readonly LabelledWorkload[]): LabelSuggestion[] {
  const byKey = new Map<string, Set<string>>();
  for (const w of workloads) {
    for (const [key, value] of Object.entries(w.labels)) {
      const values = byKey.get(key) ?? new Set<string>();
      values.add(value);
      byKey.set(key, values);
    }
  }
  return [...byKey]
    .map(([key, values]) => ({ key, values: [...values].sort() }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** The `version` label values of the workloads that no subset covers yet (by name or by labels). */
export function missingVersions(form: DestinationRuleForm, workloads: readonly LabelledWorkload[]): string[] {
  const versions = new Set(workloads.flatMap((w) => w.labels[VERSION_LABEL] ?? []));
  const covered = (version: string) =>
    form.subsets.some((s) => {
      if (s.name.trim() === version) return true;
      const selector = subsetSelector(s.labels);
      return Object.keys(selector).length === 1 && selector[VERSION_LABEL] === version;
    });
  return [...versions].filter((v) => !covered(v)).sort();
}

/** `form` with one subset `{name: v, labels: {version: v}}` added per missing version, after the others. */
export function addVersionSubsets(
  form: DestinationRuleForm,
  workloads: readonly LabelledWorkload[],
): DestinationRuleForm {
  let next = form;
  for (const version of missingVersions(form, workloads)) {
    const subset = {
      ...emptySubsetForm(freshSubsetKey(next), version),
      labels: [{ name: VERSION_LABEL, value: version }],
    };
    next = { ...next, subsets: [...next.subsets, subset] };
  }
  return next;
}
