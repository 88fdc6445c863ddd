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

/** Which part of the exposition a scrape asks for: series spread over `count` shards by a hash of their labels. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

interface FamilyBase {
  readonly name: string;
  readonly help?: string;
  readonly size: number;
  /** Samples (lines) one scrape of this family produces. */
  readonly sampleCount: number;
  /** The family's text (in `shard`, or all of it) into `out`, which yields full chunks between series. */
  write(out: ChunkWriter, shard?: Shard): Generator<Buffer>;
}

function header(name: string, help: string | undefined, type: string): string {
  return `${help === undefined ? '' : `# HELP ${name} ${escapeHelp(help)}\n`}# TYPE ${name} ${type}\n`;
}

/** FNV-1a over the label string: which shard a series is in, the same on every scrape. */
function labelHash(labels: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < labels.length; i++) h = Math.imul(h ^ labels.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const inShard = (hash: number, shard: Shard | undefined) => !shard || hash % shard.count === shard.index;

/** Sample values are ASCII; a line's number never needs more (`-1.2345678901234567e-300`). */
const MAX_VALUE_BYTES = 32;
const NEWLINE = 0x0a;

/**
 * The exposition written into Buffers: label strings are encoded once per series and copied from
 * then on, numbers are written as latin1 (ASCII) in place. A chunk is handed out when the next
 * series would not fit, so chunks end between series and are never copied again.
 */
export class ChunkWriter {
  private buf: Buffer;
  private off = 0;

  constructor(private readonly chunkSize: number) {
    this.buf = Buffer.allocUnsafe(chunkSize);
  }

  /** Room for `bytes` more; the chunk so far when it had to be closed for that. */
  reserve(bytes: number): Buffer | undefined {
    if (this.off + bytes <= this.buf.length) return undefined;
    const full = this.take();
    if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(bytes, this.chunkSize));
    return full;
  }

  /** What was written since the last chunk (undefined: nothing). */
  take(): Buffer | undefined {
    if (this.off === 0) return undefined;
    const full = this.buf.subarray(0, this.off);
    this.buf = Buffer.allocUnsafe(this.chunkSize);
    this.off = 0;
    return full;
  }

  bytes(b: Buffer): void {
    this.buf.set(b, this.off);
    this.off += b.length;
  }

  /** ASCII only (names, numbers): one byte per character. */
  ascii(s: string): void {
    this.off += this.buf.write(s, this.off, 'latin1');
  }

  value(v: number): void {
    this.ascii(formatSampleValue(v));
    this.buf[this.off++] = NEWLINE;
  }

  utf8(s: string): void {
    this.off += this.buf.write(s, this.off, 'utf8');
  }
}

/** A series' labels as bytes, built on its first scrape and kept: the label string never changes. */
function labelBytes(s: { readonly labels: string; bytes?: Buffer }): Buffer {
  return (s.bytes ??= Buffer.from(s.labels, 'utf8'));
}

interface Stored {
  readonly hash: number;
  bytes?: Buffer;
}

export class CounterFamily implements FamilyBase {
  private readonly series = new Map<string, CounterSeries & Stored>();
  private readonly open: Buffer;
  constructor(
    readonly name: string,
    readonly help?: string,
  ) {
    this.open = Buffer.from(`${name}{`);
  }

  /** The series for a label string, created at 0 on first use. */
  get(labels: string): CounterSeries {
    let s = this.series.get(labels);
    if (!s) this.series.set(labels, (s = { labels, value: 0, hash: labelHash(labels) }));
    return s;
  }

  get size(): number {
    return this.series.size;
  }

  get sampleCount(): number {
    return this.series.size;
  }

  *write(out: ChunkWriter, shard?: Shard): Generator<Buffer> {
    let first = true;
    for (const s of this.series.values()) {
      if (!inShard(s.hash, shard)) continue;
      const labels = labelBytes(s);
      const head = first ? header(this.name, this.help, 'counter') : '';
      const full = out.reserve(
        Buffer.byteLength(head) + this.open.length + labels.length + 2 + MAX_VALUE_BYTES + 1,
      );
      if (full) yield full;
      if (first) out.utf8(head);
      first = false;
      out.bytes(this.open);
      out.bytes(labels);
      out.ascii('} ');
      out.value(s.value);
    }
  }
}

export class HistogramFamily implements FamilyBase {
  private readonly series = new Map<string, HistogramSeries & Stored>();
  /** `,le="0.5"} ` etc., built once: every bucket line of every series reuses them. */
  private readonly leSuffixes: Buffer[];
  private readonly bucketOpen: Buffer;
  private readonly sumOpen: Buffer;
  private readonly countOpen: Buffer;
  /** A series' bytes besides its labels (which appear bounds + 3 times). */
  private readonly fixedBytes: number;

  constructor(
    readonly name: string,
    readonly bounds: readonly number[],
    readonly help?: string,
  ) {
    for (let i = 1; i < bounds.length; i++) {
      if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`${name}: bucket bounds must increase`);
    }
    this.leSuffixes = [...bounds.map((b) => `,le="${formatSampleValue(b)}"} `), ',le="+Inf"} '].map((s) =>
      Buffer.from(s),
    );
    this.bucketOpen = Buffer.from(`${name}_bucket{`);
    this.sumOpen = Buffer.from(`${name}_sum{`);
    this.countOpen = Buffer.from(`${name}_count{`);
    this.fixedBytes =
      this.leSuffixes.reduce((n, le) => n + this.bucketOpen.length + le.length + MAX_VALUE_BYTES + 1, 0) +
      this.sumOpen.length +
      this.countOpen.length +
      2 * (2 + MAX_VALUE_BYTES + 1);
  }

  get(labels: string): HistogramSeries {
    let s = this.series.get(labels);
    if (!s)
      this.series.set(
        labels,
        (s = {
          labels,
          buckets: new Float64Array(this.bounds.length + 1),
          sum: 0,
          count: 0,
          hash: labelHash(labels),
        }),
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

  *write(out: ChunkWriter, shard?: Shard): Generator<Buffer> {
    let first = true;
    const les = this.leSuffixes;
    for (const s of this.series.values()) {
      if (!inShard(s.hash, shard)) continue;
      const labels = labelBytes(s);
      const head = first ? header(this.name, this.help, 'histogram') : '';
      const full = out.reserve(Buffer.byteLength(head) + this.fixedBytes + labels.length * (les.length + 2));
      if (full) yield full;
      if (first) out.utf8(head);
      first = false;
      let cumulative = 0;
      for (let i = 0; i < les.length; i++) {
        cumulative += s.buckets[i]!;
        out.bytes(this.bucketOpen);
        out.bytes(labels);
        out.bytes(les[i]!);
        out.value(cumulative);
      }
      out.bytes(this.sumOpen);
      out.bytes(labels);
      out.ascii('} ');
      out.value(s.sum);
      out.bytes(this.countOpen);
      out.bytes(labels);
      out.ascii('} ');
      out.value(s.count);
    }
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
   * The exposition (of one shard, or all), one family at a time, as Buffers of at most `chunkSize`
   * bytes (a larger series gets a chunk of its own) that end between series. A generator so a
   * large scrape is written out with back-pressure instead of as one 300 MB string.
   */
  *chunks(chunkSize = 256 * 1024, shard?: Shard): Generator<Buffer> {
    const out = new ChunkWriter(chunkSize);
    for (const family of this.families) yield* family.write(out, shard);
    const last = out.take();
    if (last) yield last;
  }

  /** The whole exposition (or a shard's) as one string (tests and small registries). */
  serialize(shard?: Shard): string {
    return Buffer.concat([...this.chunks(undefined, shard)]).toString('utf8');
  }
}
