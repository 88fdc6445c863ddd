import type { Graph } from '@sextant/contracts';
import { useRef, useState, type RefObject } from 'react';
import { download } from '../../../lib/download.ts';
import { usePopover } from '../../../lib/usePopover.ts';
import type { GraphCanvasController } from '../cytoscape/GraphCanvas.tsx';
import { layoutFile, parseLayoutFile, viewKey, type LayoutView } from '../model/savedLayout.ts';
import type { LayoutName } from '../urlState.ts';
import { Chevron } from './NamespacePicker.tsx';

interface Props {
  graph: Graph;
  view: LayoutView;
  layout: LayoutName;
  controller: RefObject<GraphCanvasController | null>;
}

/**
 * Export (PNG, SVG, JSON of the graph with its positions) and the view's layout: download it,
 * restore it from a file, or forget it and lay out anew.
 */
export function GraphFileMenu({ graph, view, layout, controller }: Props) {
  const { open, setOpen, rootRef } = usePopover();
  const fileInput = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | undefined>();
  const base = `sextant-graph-${view.namespaces.join('_') || 'node'}-${view.graphType}`;

  const run = async (what: string, action: (c: GraphCanvasController) => Promise<void> | void) => {
    const c = controller.current;
    if (!c) return;
    try {
      await action(c);
      setOpen(false);
    } catch (err) {
      setMessage({
        text: `${what} failed: ${err instanceof Error ? err.message : String(err)}`,
        error: true,
      });
    }
  };

  const restore = async (file: File) => {
    const parsed = parseLayoutFile(await file.text());
    if (!parsed.ok) return setMessage({ text: `Not a Sextant layout (${parsed.error})`, error: true });
    const moved = controller.current?.restorePositions(parsed.file.positions) ?? 0;
    const other = viewKey(parsed.file.view) !== viewKey(view) ? ' (the file was saved for another view)' : '';
    setMessage(
      moved
        ? { text: `Restored the positions of ${moved} nodes${other}.` }
        : { text: `No node of this graph is in ${file.name}${other}.`, error: true },
    );
  };

  return (
    <div className="picker picker--right" ref={rootRef}>
      <button
        type="button"
        className="button button--small"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => {
          setMessage(undefined);
          setOpen((o) => !o);
        }}
      >
        Export
        <Chevron />
      </button>
      {open && (
        <div className="popover popover--file" role="group" aria-label="Export and layout">
          <p className="popover__heading">Export the graph</p>
          <button
            type="button"
            className="menu-item"
            onClick={() => void run('PNG', async (c) => download(`${base}.png`, await c.png()))}
          >
            PNG image
          </button>
          <button
            type="button"
            className="menu-item"
            onClick={() => void run('SVG', (c) => download(`${base}.svg`, c.svg(), 'image/svg+xml'))}
          >
            SVG image
          </button>
          <button
            type="button"
            className="menu-item"
            onClick={() =>
              void run('JSON', (c) =>
                download(
                  `${base}.json`,
                  JSON.stringify({ ...graph, layout, positions: c.positions() }, null, 1),
                  'application/json',
                ),
              )
            }
          >
            JSON (graph and positions)
          </button>
          <p className="popover__heading">Layout of this view</p>
          <button
            type="button"
            className="menu-item"
            onClick={() =>
              void run('Download', (c) =>
                download(
                  `${base}-layout.json`,
                  JSON.stringify(layoutFile(view, layout, c.positions())),
                  'application/json',
                ),
              )
            }
          >
            Download layout
          </button>
          <button type="button" className="menu-item" onClick={() => fileInput.current?.click()}>
            Restore layout from a file…
          </button>
          <button
            type="button"
            className="menu-item"
            onClick={() => void run('Reset', (c) => c.resetLayout())}
          >
            Reset layout
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="visually-hidden"
            aria-label="Layout file"
            tabIndex={-1}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void restore(file);
            }}
          />
          {message && (
            <p
              className={message.error ? 'popover__note popover__note--error' : 'popover__note'}
              role="status"
            >
              {message.text}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
