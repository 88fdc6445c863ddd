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
  private readonly lines: LogLine[] = [];
  private start = 0;
  readonly listeners = new Set<Listener>();

  constructor(private readonly capacity: number) {}

  push(line: LogLine): void {
    if (this.lines.length < this.capacity) this.lines.push(line);
    else {
      this.lines[this.start] = line;
      this.start = (this.start + 1) % this.capacity;
    }
    for (const listener of this.listeners) listener(line);
  }

  all(): LogLine[] {
    return [...this.lines.slice(this.start), ...this.lines.slice(0, this.start)];
  }
}

const keyOf = (namespace: string, pod: string, container: string): string =>
  `${namespace}/${pod}/${container}`;

/**
 * What the kubelet keeps of each container's stdout: a bounded ring of recent lines per container
 * (older lines rotate out, as a log file does) and listeners for `kubectl logs -f`.
 */
export class PodLogStore {
  private readonly rings = new Map<string, Ring>();

  constructor(private readonly capacity = 3000) {}

  append(namespace: string, pod: string, container: string, line: LogLine): void {
    const key = keyOf(namespace, pod, container);
    let ring = this.rings.get(key);
    if (!ring) this.rings.set(key, (ring = new Ring(this.capacity)));
    ring.push(line);
  }

  read(namespace: string, pod: string, container: string, options: LogReadOptions = {}): LogLine[] {
    let lines = this.rings.get(keyOf(namespace, pod, container))?.all() ?? [];
    if (options.sinceMs !== undefined) lines = lines.filter((l) => l.timeMs >= options.sinceMs!);
    if (options.tailLines !== undefined)
      lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
    return lines;
  }

  /** Calls `listener` with every line the container writes from now on; returns the unsubscribe. */
  follow(namespace: string, pod: string, container: string, listener: Listener): () => void {
    const key = keyOf(namespace, pod, container);
    let ring = this.rings.get(key);
    if (!ring) this.rings.set(key, (ring = new Ring(this.capacity)));
    ring.listeners.add(listener);
    return () => ring.listeners.delete(listener);
  }

  /** A deleted pod's logs go with it. */
  forgetPod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const key of this.rings.keys()) if (key.startsWith(prefix)) this.rings.delete(key);
  }
}
