import { savedLayoutSchema, type SavedLayout } from './model/savedLayout.ts';

/** Where the graph keeps its positions per view (localStorage in the app, a Map in tests). */
export interface LayoutStore {
  load(key: string): SavedLayout | undefined;
  save(key: string, layout: SavedLayout): void;
  remove(key: string): void;
}

const PREFIX = 'sextant.graph.layout.v1:';
/** Views kept; the least recently saved go first (a 5,000-node layout is about 300 kB). */
const MAX_VIEWS = 24;

/**
 * Positions in the browser's localStorage, one entry per view. A full or unavailable storage
 * (private windows, quota) only means the layout is not kept: never an error on the page.
 */
export function localLayoutStore(storage: Storage | undefined = safeLocalStorage()): LayoutStore {
  const keys = (): Array<{ key: string; savedAt: number }> => {
    if (!storage) return [];
    const out = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      const savedAt = Number(/"savedAt":(\d+)/.exec(storage.getItem(key) ?? '')?.[1] ?? 0);
      out.push({ key, savedAt });
    }
    return out.sort((a, b) => a.savedAt - b.savedAt);
  };
  return {
    load(key) {
      const text = storage?.getItem(PREFIX + key);
      if (!text) return undefined;
      try {
        const parsed = savedLayoutSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    save(key, layout) {
      if (!storage) return;
      const text = JSON.stringify(layout);
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          storage.setItem(PREFIX + key, text);
          const all = keys();
          for (const old of all.slice(0, Math.max(0, all.length - MAX_VIEWS))) storage.removeItem(old.key);
          return;
        } catch {
          // Quota: drop the oldest other views and try again.
          const others = keys().filter((k) => k.key !== PREFIX + key);
          if (others.length === 0) return;
          for (const old of others.slice(0, Math.ceil(others.length / 2))) storage.removeItem(old.key);
        }
      }
    },
    remove(key) {
      storage?.removeItem(PREFIX + key);
    },
  };
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
