import { useSyncExternalStore } from 'react';

/**
 * Whether the server has said the session is gone (a 401 UNAUTHENTICATED on an ordinary route).
 * Fed by the API client, read by the auth gate: so no page handles 401s itself, and the page
 * under the "session ended" dialog stays mounted with its unsaved edits.
 */
export interface SessionStore {
  ended(): boolean;
  subscribe(listener: () => void): () => void;
  reportUnauthenticated(): void;
  /** Signed in again (or signed out on purpose): the next 401 ends the new session. */
  reset(): void;
}

export function createSessionStore(): SessionStore {
  let ended = false;
  const listeners = new Set<() => void>();
  const set = (next: boolean) => {
    if (next === ended) return;
    ended = next;
    for (const listener of listeners) listener();
  };
  return {
    ended: () => ended,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportUnauthenticated: () => set(true),
    reset: () => set(false),
  };
}

/** The app's store, fed by the API client. */
export const sessionStore = createSessionStore();

export function useSessionEnded(store: SessionStore = sessionStore): boolean {
  return useSyncExternalStore(store.subscribe, store.ended);
}
