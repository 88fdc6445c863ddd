import { istioObjectSchema, type IstioResource } from '@sextant/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { istioLiveCheckQuery, type LiveCheckMode } from '../../../api/istioLiveCheck.ts';
import { parseYaml } from './yamlModel.ts';
import {
  liveCheckFailure,
  liveFindings,
  shapeFindings,
  type LiveCheckState,
  type PathFinding,
} from './yamlProblems.ts';

export const LIVE_CHECK_DELAY_MS = 600;

export interface LiveValidation {
  check: LiveCheckState;
  /** The findings of the latest answer; while a newer text is being checked, the previous ones. */
  findings: PathFinding[];
}

/**
 * Validates the editor's text while the user types: once typing pauses and the text parses, a
 * background dry run (Istio schema + Sextant's checks). Advisory only: Apply still requires the
 * explicit review of the current text.
 */
export function useLiveValidation(input: {
  namespace: string;
  resource: IstioResource;
  text: string;
  /** Whether `text` parses (the caller has parsed it already); syntax errors need no server. */
  parses: boolean;
  enabled: boolean;
  /** Why the server cannot be asked at all (e.g. it is view-only); shown instead of checking. */
  unavailable?: string | undefined;
  mode?: LiveCheckMode;
  delayMs?: number;
}): LiveValidation {
  const { namespace, resource, text, parses, enabled, unavailable } = input;
  const { mode = 'replace', delayMs = LIVE_CHECK_DELAY_MS } = input;
  const settled = useDebounced(text, delayMs);
  const shape = useMemo(() => {
    const parsed = parseYaml(settled);
    if (!parsed.ok) return undefined;
    return istioObjectSchema.safeParse(parsed.value);
  }, [settled]);
  const query = useQuery({
    ...istioLiveCheckQuery(namespace, resource, mode, settled, shape?.success ? shape.data : EMPTY),
    enabled: enabled && unavailable === undefined && shape?.success === true,
    placeholderData: keepPreviousData,
  });
  const findings = useMemo(
    () =>
      shape && !shape.success
        ? shapeFindings(shape.error.issues)
        : query.data
          ? liveFindings(query.data)
          : [],
    [shape, query.data],
  );

  if (!enabled || !parses) return { check: { status: 'off' }, findings: [] };
  if (unavailable !== undefined)
    return { check: { status: 'unavailable', message: unavailable }, findings: [] };
  if (settled !== text || query.isFetching) return { check: { status: 'checking' }, findings };
  if (shape && !shape.success) return { check: { status: 'done' }, findings };
  if (query.isError)
    return { check: { status: 'failed', message: liveCheckFailure(query.error) }, findings: [] };
  if (query.data && !query.isPlaceholderData) return { check: { status: 'done' }, findings };
  return { check: { status: 'checking' }, findings };
}

// Never sent: the query is disabled unless the text parsed into an object of the right shape.
const EMPTY = { apiVersion: '', kind: 'VirtualService', metadata: { name: '' } } as const;

/** `value`, once it has stayed the same for `delayMs`. */
function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
