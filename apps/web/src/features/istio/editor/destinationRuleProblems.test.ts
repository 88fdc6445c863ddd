import { describe, expect, it } from 'vitest';
import { placeDestinationRuleProblems } from './destinationRuleProblems.ts';

describe('placeDestinationRuleProblems', () => {
  it('puts each finding at the form part that shows its path, the rest under the form', () => {
    const placed = placeDestinationRuleProblems(
      new Map([
        ['spec.host', ['error: no service']],
        ['spec.trafficPolicy.tls.mode', ['warning: DISABLE vs STRICT']],
        ['spec.trafficPolicy.portLevelSettings[0].tls.mode', ['warning: port']],
        ['spec.subsets[0]', ['error: duplicate']],
        ['spec.subsets[1].name', ['error: blank name']],
        ['spec.subsets[1].labels', ['warning: no workload']],
        ['spec.subsets[1].trafficPolicy.tls.mode', ['warning: subset tls']],
        ['spec.subsets[7].labels', ['warning: out of range']],
        ['spec.workloadSelector.matchLabels', ['warning: selector']],
        ['spec', ['error: spec']],
      ]),
      2,
    );
    expect(placed.host).toEqual(['error: no service']);
    expect(placed.trafficPolicy).toEqual(['warning: DISABLE vs STRICT']);
    expect(placed.subsets).toEqual([
      { name: ['error: duplicate'], labels: [], trafficPolicy: [] },
      {
        name: ['error: blank name'],
        labels: ['warning: no workload'],
        trafficPolicy: ['warning: subset tls'],
      },
    ]);
    expect(placed.other).toEqual([
      { path: 'spec.trafficPolicy.portLevelSettings[0].tls.mode', message: 'warning: port' },
      { path: 'spec.subsets[7].labels', message: 'warning: out of range' },
      { path: 'spec.workloadSelector.matchLabels', message: 'warning: selector' },
      { path: 'spec', message: 'error: spec' },
    ]);
  });
});
