import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Graph } from '@sextant/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { GraphCanvasController } from '../cytoscape/GraphCanvas.tsx';
import { layoutFile, type LayoutView } from '../model/savedLayout.ts';
import { GraphFileMenu } from './GraphFileMenu.tsx';

const view: LayoutView = { namespaces: ['bookinfo'], graphType: 'versionedApp', boxBy: ['namespace', 'app'] };
const graph: Graph = {
  timestamp: 1,
  duration: 60,
  graphType: 'versionedApp',
  elements: { nodes: [], edges: [] },
};

function controller(moved: number): GraphCanvasController {
  return {
    fit: vi.fn(),
    zoomIn: vi.fn(),
    zoomOut: vi.fn(),
    resetLayout: vi.fn(),
    positions: () => ({ a: { x: 1, y: 2 } }),
    restorePositions: vi.fn(() => moved),
    png: vi.fn(),
    svg: vi.fn(() => '<svg/>'),
  };
}

async function openWith(c: GraphCanvasController) {
  const user = userEvent.setup();
  render(<GraphFileMenu graph={graph} view={view} layout="dagre" controller={{ current: c }} />);
  await user.click(screen.getByRole('button', { name: 'Export' }));
  return user;
}

const file = (text: string) => new File([text], 'layout.json', { type: 'application/json' });

describe('GraphFileMenu', () => {
  it('restores a layout file and says how many nodes moved', async () => {
    const c = controller(7);
    const user = await openWith(c);
    const positions = { a: { x: 5, y: 6 } };
    await user.upload(
      screen.getByLabelText('Layout file'),
      file(JSON.stringify(layoutFile(view, 'dagre', positions))),
    );
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'Restored the positions of 7 nodes.',
    );
    expect(c.restorePositions).toHaveBeenCalledWith(positions);
  });

  it('says when the file was saved for another view', async () => {
    const user = await openWith(controller(2));
    const other = layoutFile({ ...view, graphType: 'workload' }, 'dagre', { a: { x: 0, y: 0 } });
    await user.upload(screen.getByLabelText('Layout file'), file(JSON.stringify(other)));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Restored the positions of 2 nodes (the file was saved for another view).',
    );
  });

  it.each([
    ['not JSON', 'nope', 'Not a Sextant layout (not a JSON file)'],
    ['another kind of file', '{"kind":"x"}', 'Not a Sextant layout (kind:'],
  ])('refuses %s without moving anything', async (_, text, message) => {
    const c = controller(0);
    const user = await openWith(c);
    await user.upload(screen.getByLabelText('Layout file'), file(text));
    expect((await screen.findByRole('status')).textContent).toContain(message);
    expect(c.restorePositions).not.toHaveBeenCalled();
  });

  it('says when no node of the graph is in the file', async () => {
    const user = await openWith(controller(0));
    await user.upload(
      screen.getByLabelText('Layout file'),
      file(JSON.stringify(layoutFile(view, 'dagre', {}))),
    );
    expect((await screen.findByRole('status')).textContent).toBe('No node of this graph is in layout.json.');
  });

  it('resets the layout and closes', async () => {
    const c = controller(0);
    const user = await openWith(c);
    await user.click(screen.getByRole('button', { name: 'Reset layout' }));
    expect(c.resetLayout).toHaveBeenCalledOnce();
    expect(screen.queryByRole('group', { name: 'Export and layout' })).toBeNull();
  });

  it('reports an export that fails', async () => {
    const c = { ...controller(0), png: vi.fn(() => Promise.reject(new Error('canvas too big'))) };
    const user = await openWith(c);
    await user.click(screen.getByRole('button', { name: 'PNG image' }));
    expect((await screen.findByRole('status')).textContent).toBe('PNG failed: canvas too big');
  });
});
