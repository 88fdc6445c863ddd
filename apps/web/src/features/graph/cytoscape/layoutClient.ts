import type { LayoutRequest, LayoutResult } from './runLayout.ts';

type Pending = { resolve: (r: LayoutResult) => void; reject: (e: Error) => void };

/**
 * Talks to the layout worker; one worker per page, requests answered in order. A request that is
 * superseded before it finishes is still computed but its answer is dropped by the caller.
 */
export class LayoutClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  layout(request: LayoutRequest): Promise<LayoutResult> {
    const worker = this.ensureWorker();
    if (!worker) return import('./runLayout.ts').then((m) => m.runLayout(request));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, request });
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Error('layout cancelled'));
    this.pending.clear();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (typeof Worker === 'undefined') return undefined;
    try {
      this.worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return undefined;
    }
    this.worker.onmessage = (event: MessageEvent<{ id: number; result?: LayoutResult; error?: string }>) => {
      const p = this.pending.get(event.data.id);
      if (!p) return;
      this.pending.delete(event.data.id);
      if (event.data.result) p.resolve(event.data.result);
      else p.reject(new Error(event.data.error ?? 'layout failed'));
    };
    this.worker.onerror = (event) => {
      for (const p of this.pending.values()) p.reject(new Error(event.message || 'layout worker failed'));
      this.pending.clear();
    };
    return this.worker;
  }
}
