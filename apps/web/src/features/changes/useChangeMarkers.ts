import type { DashboardKind } from '@sextant/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { changesQuery } from '../../api/history.ts';
import { relevantChanges, toMarkers, type ChangeMarker } from './changeMarkers.ts';

/** The config changes in the dashboard's window that may explain its charts (a guess by name). */
export function useChangeMarkers(
  namespace: string,
  kind: DashboardKind,
  name: string,
  window: { start: number; end: number } | undefined,
): ChangeMarker[] {
  const changes = useQuery({
    ...changesQuery({
      namespaces: [namespace],
      kinds: [],
      // By the minute, so a refreshed window does not make a new query each time.
      from: window ? Math.floor(window.start / 60) * 60 : undefined,
      limit: 200,
    }),
    enabled: window !== undefined,
  });
  return useMemo(
    () =>
      window && changes.data?.enabled
        ? toMarkers(relevantChanges(changes.data.changes, { kind, name }), window)
        : [],
    [changes.data, kind, name, window],
  );
}
