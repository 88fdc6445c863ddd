import type { KubeObject } from '../store/types.ts';
import { bookinfoObjects } from './bookinfo.ts';
import { shopObjects } from './shop.ts';

export type ScenarioName = 'empty' | 'bookinfo' | 'shop' | 'generated';
export const SCENARIOS: readonly ScenarioName[] = ['empty', 'bookinfo', 'shop', 'generated'];

/** One scenario, or several run together in one cluster (`bookinfo` + `shop`). */
export type Scenario = ScenarioName | readonly ScenarioName[];

/** Scenarios that stand alone: `empty` has nothing to add to, `generated` sizes the whole mesh. */
const ALONE: readonly ScenarioName[] = ['empty', 'generated'];

export { bookinfoObjects, shopObjects };

/**
 * The scenarios to run, checked: known names, no repeats, and `empty` / `generated` only alone.
 * Accepts the CLI's comma-separated form (`bookinfo,shop`) as well as names.
 */
export function scenarioList(scenario: Scenario | string): ScenarioName[] {
  const raw = typeof scenario === 'string' ? scenario.split(',').map((s) => s.trim()) : [...scenario];
  const names: ScenarioName[] = [];
  for (const name of raw) {
    if (!SCENARIOS.includes(name as ScenarioName))
      throw new Error(`expected one of ${SCENARIOS.join(', ')} (or several joined by ","), got "${name}"`);
    if (!names.includes(name as ScenarioName)) names.push(name as ScenarioName);
  }
  if (names.length === 0) throw new Error(`expected one of ${SCENARIOS.join(', ')}, got nothing`);
  const alone = names.find((n) => ALONE.includes(n));
  if (alone && names.length > 1) throw new Error(`"${alone}" cannot be combined with other scenarios`);
  return names;
}

/**
 * The objects the scenarios start with, in order; an object two scenarios share (the control
 * plane) is seeded once. The `generated` scenario's objects come from the traffic module.
 */
export function scenarioObjects(
  scenario: Exclude<ScenarioName, 'generated'> | readonly ScenarioName[],
): KubeObject[] {
  const seen = new Set<string>();
  const out: KubeObject[] = [];
  for (const name of scenarioList(scenario)) {
    for (const object of objectsOf(name)) {
      const key = `${object.apiVersion}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(object);
    }
  }
  return out;
}

function objectsOf(name: ScenarioName): KubeObject[] {
  switch (name) {
    case 'empty':
      return [];
    case 'bookinfo':
      return bookinfoObjects();
    case 'shop':
      return shopObjects();
    case 'generated':
      throw new Error(
        'the generated scenario builds its objects from its options (generatedScenarioObjects)',
      );
  }
}
