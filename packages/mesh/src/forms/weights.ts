/**
 * Slider maths for weighted routes: moving one slider to `newValue` (clamped to 0..100 and
 * rounded) takes the difference from the others in proportion to their current weights (evenly
 * when they are all 0), in whole numbers that always sum to 100. One destination always gets 100.
 */
export function rebalanceWeights(
  weights: readonly number[],
  changedIndex: number,
  newValue: number,
): number[] {
  if (weights.length === 0) return [];
  if (!Number.isInteger(changedIndex) || changedIndex < 0 || changedIndex >= weights.length) {
    throw new RangeError(`changedIndex ${changedIndex} is outside 0..${weights.length - 1}`);
  }
  if (weights.length === 1) return [100];
  const value = Math.min(100, Math.max(0, Math.round(Number.isFinite(newValue) ? newValue : 0)));
  const others = weights.flatMap((w, i) =>
    i === changedIndex ? [] : [Math.max(0, Number.isFinite(w) ? w : 0)],
  );
  const shares = distribute(100 - value, others);
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < weights.length; i++) out.push(i === changedIndex ? value : shares[k++]!);
  return out;
}

/**
 * One weight typed with some rows locked (the wizard locks every row the user sets): the unlocked
 * other rows share what the locked ones and the new value leave, in proportion to their current
 * weights, so typing 80 into one of three even rows gives 80/10/10, never 80/33/33. The new value
 * is clamped so the unlocked rows never go negative. With no unlocked row left to absorb the
 * difference the value is taken as typed and the sum may leave 100: the caller shows the total
 * and refuses it.
 */
export function rebalanceWithLocks(
  weights: readonly number[],
  locked: readonly boolean[],
  changedIndex: number,
  newValue: number,
): number[] {
  if (!Number.isInteger(changedIndex) || changedIndex < 0 || changedIndex >= weights.length) {
    throw new RangeError(`changedIndex ${changedIndex} is outside 0..${weights.length - 1}`);
  }
  const whole = (w: number) => Math.min(100, Math.max(0, Math.round(Number.isFinite(w) ? w : 0)));
  const absorbing = weights.flatMap((_, i) => (i !== changedIndex && !locked[i] ? [i] : []));
  const lockedSum = weights.reduce((s, w, i) => s + (i !== changedIndex && locked[i] ? whole(w) : 0), 0);
  if (absorbing.length === 0) return weights.map((w, i) => (i === changedIndex ? whole(newValue) : whole(w)));
  const value = Math.min(whole(newValue), Math.max(0, 100 - lockedSum));
  const shares = distribute(
    Math.max(0, 100 - lockedSum - value),
    absorbing.map((i) => whole(weights[i]!)),
  );
  const out = weights.map((w, i) => (i === changedIndex ? value : whole(w)));
  absorbing.forEach((i, k) => (out[i] = shares[k]!));
  return out;
}

/**
 * Splits `total` into whole numbers proportional to `basis` (evenly when it sums to 0), by largest
 * remainder: ties go to the earlier entry, so the result is deterministic.
 */
export function distribute(total: number, basis: readonly number[]): number[] {
  if (basis.length === 0) return [];
  const sum = basis.reduce((a, b) => a + b, 0);
  const exact = basis.map((b) => (sum > 0 ? (b * total) / sum : total / basis.length));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

/** `n` whole weights summing to 100, as even as possible (earlier ones get the remainder). */
export const evenWeights = (n: number): number[] =>
  distribute(
    100,
    Array.from({ length: n }, () => 1),
  );

/**
 * The weights after adding a destination to a route whose destinations have `weights` (a lone
 * destination without a weight takes all the traffic): the newcomer, last, gets an even share
 * (`100 / n`), which the others give up in proportion to their weights. Always sums to 100.
 */
export function weightsWithAdded(weights: readonly (number | undefined)[]): number[] {
  const basis = weights.length === 1 && weights[0] === undefined ? [100] : weights.map((w) => w ?? 0);
  const n = basis.length + 1;
  return rebalanceWeights([...basis, 0], n - 1, 100 / n);
}

/**
 * The weights after removing destination `index`: what it had goes to the others in proportion
 * to their weights (evenly when they are all 0), so they still sum to 100. Routes without any
 * weight stay without.
 */
export function weightsWithRemoved(
  weights: readonly (number | undefined)[],
  index: number,
): (number | undefined)[] {
  const rest = weights.filter((_, i) => i !== index);
  if (rest.length === 0 || weights.every((w) => w === undefined)) return rest;
  return distribute(
    100,
    rest.map((w) => Math.max(0, Number.isFinite(w) ? w! : 0)),
  );
}
