import { createContext, useCallback, useContext, useEffect, useId, useState } from 'react';

type Report = (id: string, message: string | undefined) => void;

/**
 * Form fields that hold input the object cannot carry yet (a URI match kind chosen, its value
 * still empty: the mapping writes no empty matcher) report it here, so the editor can refuse to
 * apply what would silently drop it.
 */
export const UnsavedFieldContext = createContext<Report | undefined>(undefined);

/** The editor's side: the messages of fields holding unsaved input, and the report to provide. */
export function useUnsavedFieldProblems(): { messages: string[]; report: Report } {
  const [byField, setByField] = useState<ReadonlyMap<string, string>>(new Map());
  const report = useCallback<Report>((id, message) => {
    setByField((prev) => {
      if (prev.get(id) === message) return prev;
      const next = new Map(prev);
      if (message === undefined) next.delete(id);
      else next.set(id, message);
      return next;
    });
  }, []);
  return { messages: [...byField.values()], report };
}

/** A field's side: `message` while it holds input the object does not have, else undefined. */
export function useReportUnsaved(message: string | undefined): void {
  const report = useContext(UnsavedFieldContext);
  const id = useId();
  useEffect(() => {
    report?.(id, message);
    return () => report?.(id, undefined);
  }, [report, id, message]);
}
