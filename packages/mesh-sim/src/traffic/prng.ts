/**
 * A small seeded PRNG (mulberry32) plus the distributions the traffic engine samples. Math.random
 * is never used: the same seed and config must give the same counters, run after run.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability p (p outside [0,1] is clamped). */
  chance(p: number): boolean {
    return p > 0 && (p >= 1 || this.next() < p);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller; one value per call keeps the stream simple to reason about). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson-distributed count with the given mean (normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** `floor(x)` plus one more with probability `frac(x)`: an integer with mean x and minimal noise. */
  roundStochastic(x: number): number {
    const whole = Math.floor(x);
    return whole + (this.chance(x - whole) ? 1 : 0);
  }

  /** Log-normal with the given median and sigma (of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Index into `cumulative` (ascending running totals, last = total) chosen proportionally to weight. */
  pickCumulative(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    if (total <= 0) return -1;
    const x = this.next() * total;
    for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]!) return i;
    return cumulative.length - 1;
  }
}

/** Running totals of weights, for `Prng.pickCumulative`. */
export function cumulativeWeights(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += Math.max(0, w)));
}
