/** Findings of a DestinationRule (by path) placed at the form part that shows them. */
export interface DestinationRuleProblems {
  host: string[];
  trafficPolicy: string[];
  subsets: SubsetProblems[];
  /** Paths no form field shows (`spec`, workloadSelector, portLevelSettings …): listed under the form. */
  other: Array<{ path: string; message: string }>;
}

export interface SubsetProblems {
  name: string[];
  labels: string[];
  trafficPolicy: string[];
}

const under = (path: string, prefix: string) =>
  path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

export function placeDestinationRuleProblems(
  problems: ReadonlyMap<string, readonly string[]>,
  subsetCount: number,
): DestinationRuleProblems {
  const out: DestinationRuleProblems = {
    host: [],
    trafficPolicy: [],
    subsets: Array.from({ length: subsetCount }, () => ({ name: [], labels: [], trafficPolicy: [] })),
    other: [],
  };
  for (const [path, messages] of problems) {
    const subset = /^spec\.subsets\[(\d+)\](.*)$/.exec(path);
    const s = subset ? out.subsets[Number(subset[1])] : undefined;
    const rest = subset?.[2] ?? '';
    let target: string[] | undefined;
    if (path === 'spec.host') target = out.host;
    else if (under(path, 'spec.trafficPolicy') && !under(path, 'spec.trafficPolicy.portLevelSettings'))
      target = out.trafficPolicy;
    else if (s && (rest === '' || rest === '.name')) target = s.name;
    else if (s && under(rest, '.labels')) target = s.labels;
    else if (s && under(rest, '.trafficPolicy') && !under(rest, '.trafficPolicy.portLevelSettings'))
      target = s.trafficPolicy;
    if (target) target.push(...messages);
    else out.other.push(...messages.map((message) => ({ path, message })));
  }
  return out;
}
