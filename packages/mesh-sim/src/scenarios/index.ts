import type { KubeObject } from '../store/types.ts';
import { bookinfoObjects } from './bookinfo.ts';

export type ScenarioName = 'empty' | 'bookinfo' | 'generated';
export const SCENARIOS: readonly ScenarioName[] = ['empty', 'bookinfo', 'generated'];

export { bookinfoObjects };

/** The objects a scenario starts with (the `generated` scenario's objects come from the traffic module). */
export function scenarioObjects(name: Exclude<ScenarioName, 'generated'>): KubeObject[] {
  switch (name) {
    case 'empty':
      return [];
    case 'bookinfo':
      return bookinfoObjects();
  }
}
