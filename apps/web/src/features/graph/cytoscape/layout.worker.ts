/// <reference lib="webworker" />
import { runLayout, type LayoutRequest } from './runLayout.ts';

/** Layouts run here so that a 1,000-node graph never freezes the page while it is arranged. */
self.onmessage = (event: MessageEvent<{ id: number; request: LayoutRequest }>) => {
  const { id, request } = event.data;
  try {
    self.postMessage({ id, result: runLayout(request) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
