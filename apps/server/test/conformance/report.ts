import type { FixtureResult } from './harness.ts';

/** Lines of the score table: `PASS  1.000  TestAppGraph  app graph of bookinfo`, then the differences. */
export function formatResult(result: FixtureResult, maxDifferences = 12): string[] {
  const { fixture, comparison } = result;
  const lines = [
    `${result.passed ? 'PASS' : 'FAIL'}  ${comparison.score.toFixed(3)}  ${fixture.kialiTest}  ${fixture.name}`,
  ];
  const indent = (s: string) => `      ${s}`;
  if (result.error) lines.push(indent(`${result.error}  (${result.url})`));
  if (result.droppedParams.length)
    lines.push(
      indent(`diagnostic: compared without the refused parameters ${result.droppedParams.join(', ')}`),
    );
  for (const problem of result.tsdbProblems) lines.push(indent(`harness: ${problem}`));
  if (!result.passed) {
    const differences = comparison.elements.flatMap((e) => e.differences);
    lines.push(...differences.slice(0, maxDifferences).map(indent));
    if (differences.length > maxDifferences)
      lines.push(indent(`… ${differences.length - maxDifferences} more differences`));
  }
  return lines;
}

export function formatSummary(results: readonly FixtureResult[], wallSeconds: number): string {
  const passed = results.filter((r) => r.passed).length;
  const mean = results.reduce((sum, r) => sum + r.comparison.score, 0) / Math.max(results.length, 1);
  const harness = results.filter((r) => r.tsdbProblems.length).length;
  return (
    `${results.length} Kiali graph tests: ${passed} pass, ${results.length - passed} fail; ` +
    `mean score ${mean.toFixed(3)}; ${wallSeconds.toFixed(1)} s` +
    (harness ? `; HARNESS PROBLEMS in ${harness}` : '')
  );
}
