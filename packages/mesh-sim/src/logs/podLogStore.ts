/** One line a container wrote, with the time the kubelet's log file records for it. */
export interface LogLine {
  timeMs: number;
  text: string;
}

export interface LogReadOptions {
  /** Lines at or after this time only. */
  sinceMs?: number;
  /** The last N lines only (after `sinceMs`). */
  tailLines?: number;
}

type Listener = (line: LogLine) => void;

class Ring {
  private lines: LogLine[] = [];
  private start = 0;
  readonly listeners = new Set<Listener>();

  /** Keeps at most `capacity` lines, the newest; a smaller capacity than before drops the oldest. */
  push(line: LogLine, capacity: number): void {
    if (this.lines.length > capacity) {
      this.lines = this.all().slice(-capacity);
      this.start = 0;
    }
    if (this.lines.length < capacity) this.lines.push(line);
    else {
      this.lines[this.start] = line;
      this.start = (this.start + 1) % capacity;
    }
    for (const listener of this.listeners) listener(line);
  }

  all(): LogLine[] {
    return [...this.lines.slice(this.start), ...this.lines.slice(0, this.start)];
  }
}

const keyOf = (namespace: string, pod: string, container: string): string =>
  `${namespace}/${pod}/${container}`;

/** Lines kept over all containers: the simulator's memory stays bounded on a mesh of thousands of pods. */
export const TOTAL_LOG_LINES = 300_000;

/**
 * What the kubelet keeps of each container's stdout: a bounded ring of recent lines per container
 * (older lines rotate out, as a log file does) and listeners for `kubectl logs -f`. Each container
 * keeps `capacity` lines, less when that many over every container would pass `totalLines` (as
 * the kubelet rotates by size per container, and a node's disk is finite): a generated mesh of
 * 2,000 pods keeps ~75 lines each, not 3,000 (the lines of 100 namespaces once took 10 GB).
 */
export class PodLogStore {
  private readonly rings = new Map<string, Ring>();

  constructor(
    private readonly capacity = 3000,
    private readonly totalLines = TOTAL_LOG_LINES,
    /** However many containers there are, each keeps at least this many lines. */
    private readonly minLines = 100,
  ) {}

  /** Lines each container keeps now. */
  get perContainer(): number {
    const share = Math.floor(this.totalLines / Math.max(1, this.rings.size));
    return Math.min(this.capacity, Math.max(this.minLines, share));
  }

  append(namespace: string, pod: string, container: string, line: LogLine): void {
    const key = keyOf(namespace, pod, container);
    let ring = this.rings.get(key);
    if (!ring) this.rings.set(key, (ring = new Ring()));
    ring.push(line, this.perContainer);
  }

  read(namespace: string, pod: string, container: string, options: LogReadOptions = {}): LogLine[] {
    // A ring not written since more containers came keeps its lines until its next one: read the share.
    let lines = (this.rings.get(keyOf(namespace, pod, container))?.all() ?? []).slice(-this.perContainer);
    if (options.sinceMs !== undefined) lines = lines.filter((l) => l.timeMs >= options.sinceMs!);
    if (options.tailLines !== undefined)
      lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
    return lines;
  }

  /** Calls `listener` with every line the container writes from now on; returns the unsubscribe. */
  follow(namespace: string, pod: string, container: string, listener: Listener): () => void {
    const key = keyOf(namespace, pod, container);
    let ring = this.rings.get(key);
    if (!ring) this.rings.set(key, (ring = new Ring()));
    ring.listeners.add(listener);
    return () => ring.listeners.delete(listener);
  }

  /** A deleted pod's logs go with it. */
  forgetPod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const key of this.rings.keys()) if (key.startsWith(prefix)) this.rings.delete(key);
  }
}
