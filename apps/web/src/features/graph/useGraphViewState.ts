import { useCallback, useMemo } from 'react';
import { navigate } from '../../lib/router.ts';
import { decodeViewState, encodeViewState, type GraphViewState } from './urlState.ts';

export type UpdateView = (change: Partial<GraphViewState>, options?: { replace?: boolean }) => void;

/**
 * The graph page's state, read from and written to the URL. Choices that change what is fetched
 * add a history entry (Back undoes them); typing, selecting and toggling panels replace it.
 */
export function useGraphViewState(search: string): [GraphViewState, UpdateView] {
  const state = useMemo(() => decodeViewState(search), [search]);
  const update = useCallback<UpdateView>((change, options = {}) => {
    const next = encodeViewState({ ...decodeViewState(window.location.search.slice(1)), ...change });
    navigate(`/graph${next ? `?${next}` : ''}`, options);
  }, []);
  return [state, update];
}
