import { useEffect, useRef } from 'react';

/**
 * Unsaved editor text that must survive a full-page sign-in redirect (when the browser blocks the
 * sign-in popup). Open editors register what they would lose; right before leaving the page the
 * session dialog writes them all to sessionStorage, and each editor takes its text back when it
 * mounts again on return. sessionStorage: the draft stays in this tab and dies with it.
 */

const PREFIX = 'sextant:draft:';
type DraftSource = () => string | undefined;

const sources = new Map<string, DraftSource>();

/** `source` answers the unsaved text, or undefined when there is nothing to lose. */
export function registerDraft(key: string, source: DraftSource): () => void {
  sources.set(key, source);
  return () => {
    if (sources.get(key) === source) sources.delete(key);
  };
}

/** Writes every open editor's unsaved text; returns how many were written. */
export function saveDraftsForReload(storage: Storage = window.sessionStorage): number {
  let saved = 0;
  for (const [key, source] of sources) {
    const text = source();
    if (text === undefined) continue;
    try {
      storage.setItem(PREFIX + key, text);
      saved++;
    } catch {
      // Full or disabled storage: the redirect goes ahead; the dialog said what is at stake.
    }
  }
  return saved;
}

export function readSavedDraft(key: string, storage: Storage = window.sessionStorage): string | undefined {
  try {
    return storage.getItem(PREFIX + key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function clearSavedDraft(key: string, storage: Storage = window.sessionStorage): void {
  try {
    storage.removeItem(PREFIX + key);
  } catch {
    // Nothing to clear where there is no storage.
  }
}

/** Whether any open editor holds unsaved text. */
export function hasUnsavedDrafts(): boolean {
  return [...sources.values()].some((source) => source() !== undefined);
}

/**
 * Keeps the editor at `key` registered with its current unsaved text (undefined: nothing unsaved),
 * and forgets the saved copy once the editor has mounted with it.
 */
export function useKeepDraft(key: string, unsavedText: string | undefined): void {
  const latest = useRef(unsavedText);
  useEffect(() => {
    latest.current = unsavedText;
  });
  useEffect(() => registerDraft(key, () => latest.current), [key]);
  useEffect(() => clearSavedDraft(key), [key]);
}
