import { escapeHelp, formatSampleValue } from './textFormat.ts';

/**
 * Counters and histograms kept in Maps keyed by their pre-joined label string (`a="x",b="y"`),
 * so recording a sample is one Map lookup (or none, when the caller keeps the series handle),
 * and a scrape only formats numbers onto strings built once per series.
 */
export interface CounterSeries {
  readonly labels: string;
  value: number;
}

export interface HistogramSeries {
  readonly labels: string;
  /** Per-bucket (not cumulative) counts; the last slot is the +Inf bucket. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

interface FamilyBase {
  readonly name: string;
  readonly help?: string;
  readonly size: number;
  /** Samples (lines) one scrape of this family produces. */
  readonly sampleCount: number;
  /** The family's text in chunks of at least `chunkSize` characters (the last may be shorter), split between series. */
  text(chunkSize: number): Generator<string>;
}

function header(name: string, help: string | undefined, type: string): string {
  return `${help === undefined ? '' : `# HELP ${name} ${escapeHelp(help)}\n`}# TYPE ${name} ${type}\n`;
}

export class CounterFamily implements FamilyBase {
  private readonly series = new Map<string, CounterSeries>();
  constructor(
    readonly name: string,
    readonly help?: string,
  ) {}

  /** The series for a label string, created at 0 on first use. */
  get(labels: string): CounterSeries {
    let s = this.series.get(labels);
    if (!s) this.series.set(labels, (s = { labels, value: 0 }));
    return s;
  }

  get size(): number {
    return this.series.size;
  }

  get sampleCount(): number {
    return this.series.size;
  }

  *text(chunkSize: number): Generator<string> {
    if (this.series.size === 0) return;
    let out = header(this.name, this.help, 'counter');
    const open = `${this.name}{`;
    for (const s of this.series.values()) {
      out += `${open}${s.labels}} ${formatSampleValue(s.value)}\n`;
      if (out.length >= chunkSize) {
        yield out;
        out = '';
      }
    }
    if (out) yield out;
  }
}

export class HistogramFamily implements FamilyBase {
  private readonly series = new Map<string, HistogramSeries>();
  /** `,le="0.5"} ` etc., built once: every bucket line of every series reuses them. */
  private readonly leSuffixes: string[];

  constructor(
    readonly name: string,
    readonly bounds: readonly number[],
    readonly help?: string,
  ) {
    for (let i = 1; i < bounds.length; i++) {
      if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`${name}: bucket bounds must increase`);
    }
    this.leSuffixes = [...bounds.map((b) => `le="${formatSampleValue(b)}"} `), 'le="+Inf"} '];
  }

  get(labels: string): HistogramSeries {
    let s = this.series.get(labels);
    if (!s)
      this.series.set(
        labels,
        (s = { labels, buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 }),
      );
    return s;
  }

  /** Records `n` observations of `value` (n > 1 lets callers batch identical samples). */
  observe(series: HistogramSeries, value: number, n = 1): void {
    series.buckets[this.bucketIndex(value)]! += n;
    series.sum += value * n;
    series.count += n;
  }

  /** Index of the first bucket whose upper bound is >= value (Prometheus buckets are inclusive). */
  bucketIndex(value: number): number {
    const bounds = this.bounds;
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (value <= bounds[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  get size(): number {
    return this.series.size;
  }

  get sampleCount(): number {
    return this.series.size * (this.bounds.length + 3);
  }

  *text(chunkSize: number): Generator<string> {
    if (this.series.size === 0) return;
    let out = header(this.name, this.help, 'histogram');
    const bucketOpen = `${this.name}_bucket{`;
    const sumOpen = `${this.name}_sum{`;
    const countOpen = `${this.name}_count{`;
    const les = this.leSuffixes;
    for (const s of this.series.values()) {
      const prefix = `${bucketOpen}${s.labels},`;
      let cumulative = 0;
      for (let i = 0; i < les.length; i++) {
        cumulative += s.buckets[i]!;
        out += `${prefix}${les[i]}${formatSampleValue(cumulative)}\n`;
      }
      out += `${sumOpen}${s.labels}} ${formatSampleValue(s.sum)}\n${countOpen}${s.labels}} ${formatSampleValue(s.count)}\n`;
      if (out.length >= chunkSize) {
        yield out;
        out = '';
      }
    }
    if (out) yield out;
  }
}

export type MetricFamily = CounterFamily | HistogramFamily;

export class MetricsRegistry {
  private readonly families: MetricFamily[] = [];

  register<F extends MetricFamily>(family: F): F {
    if (this.families.some((f) => f.name === family.name))
      throw new Error(`metric ${family.name} registered twice`);
    this.families.push(family);
    return family;
  }

  /** Distinct label sets over all families (a histogram counts once). */
  get seriesCount(): number {
    return this.families.reduce((n, f) => n + f.size, 0);
  }

  /** Sample lines one scrape returns (each histogram bucket, _sum and _count is a sample). */
  get sampleCount(): number {
    return this.families.reduce((n, f) => n + f.sampleCount, 0);
  }

  /**
   * The exposition, one family at a time, as chunks of about `chunkSize` characters. A generator so
   * a large scrape can be written out with back-pressure instead of as one 100 MB string.
   */
  *chunks(chunkSize = 256 * 1024): Generator<string> {
    for (const family of this.families) yield* family.text(chunkSize);
  }

  /** The whole exposition as one string (tests and small registries). */
  serialize(): string {
    let out = '';
    for (const chunk of this.chunks()) out += chunk;
    return out;
  }
}
