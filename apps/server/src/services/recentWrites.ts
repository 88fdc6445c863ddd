import type { IstioObjectJson } from '@sextant/contracts';
import type { KubeObjectJson } from '@sextant/mesh';

interface Entry {
  object: IstioObjectJson;
  /** resourceVersion the cache held when we wrote; undefined for a create. */
  before: string | undefined;
  at: number;
}

/**
 * Objects this server just wrote that its watch caches may not show yet. Validation lays them over
 * the cached cluster, so saving a DestinationRule and then, a few milliseconds later, the
 * VirtualService that routes to its subsets is judged against the rule just saved rather than
 * refused for a subset "not found". An entry goes once the cache holds what we wrote, or holds
 * anything but what we overwrote (someone else's later change, a deletion), or after `ttlMs`.
 */
export class RecentWrites {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 60_000,
    private readonly limit = 500,
  ) {}

  remember(object: IstioObjectJson, cachedBefore: KubeObjectJson | undefined): void {
    this.entries.delete(keyOf(object));
    if (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(keyOf(object), { object, before: versionOf(cachedBefore), at: this.now() });
  }

  forget(object: { kind: string; metadata: { namespace?: string | undefined; name: string } }): void {
    this.entries.delete(keyOf(object));
  }

  /** The writes the cache does not reflect yet; `cached` finds the cache's copy of an object. */
  pending(cached: (object: IstioObjectJson) => KubeObjectJson | undefined): IstioObjectJson[] {
    const out: IstioObjectJson[] = [];
    const now = this.now();
    for (const [key, entry] of this.entries) {
      const current = versionOf(cached(entry.object));
      const caughtUp = current === entry.object.metadata.resourceVersion;
      const movedOn = current !== entry.before;
      if (caughtUp || movedOn || now - entry.at > this.ttlMs) this.entries.delete(key);
      else out.push(entry.object);
    }
    return out;
  }
}

export function keyOf(object: { kind: string; metadata: { namespace?: string | undefined; name: string } }) {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function versionOf(o: KubeObjectJson | undefined): string | undefined {
  return (o?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
}
