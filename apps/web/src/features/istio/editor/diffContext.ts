import type { DiffLine } from '@sextant/contracts';
import { toYaml } from './yamlModel.ts';

export type DiffRow = DiffLine | { op: 'skip'; count: number };

/** Keeps `context` unchanged lines around each change and folds the rest into "skip" rows. */
export function foldContext(lines: readonly DiffLine[], context = 3): DiffRow[] {
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.op === 'context') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const out: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (skipped > 0) out.push({ op: 'skip', count: skipped });
      skipped = 0;
      out.push(l);
    } else skipped++;
  });
  if (skipped > 0) out.push({ op: 'skip', count: skipped });
  return out;
}

/** A new object as a diff: every line added (there is nothing live to compare with). */
export function additionLines(
  obj: unknown,
  omit: readonly string[] = ['creationTimestamp', 'uid', 'generation'],
): DiffLine[] {
  const meta = (obj as { metadata?: Record<string, unknown> }).metadata;
  const shown = meta
    ? {
        ...(obj as object),
        metadata: Object.fromEntries(Object.entries(meta).filter(([k]) => !omit.includes(k))),
      }
    : obj;
  return toYaml(shown)
    .replace(/\n$/, '')
    .split('\n')
    .map((text, i) => ({ op: 'add', text, newLine: i + 1 }));
}
