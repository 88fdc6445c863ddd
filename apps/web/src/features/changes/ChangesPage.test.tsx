import type { ChangeDetail, ChangeList } from '@sextant/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeServer } from '../../test/fakeServer.ts';
import { renderWithClient } from '../../test/renderWithClient.tsx';
import { ChangesPage } from './ChangesPage.tsx';

const TIME = Date.UTC(2026, 11, 5, 10, 38, 24);

const LIST: ChangeList = {
  enabled: true,
  changes: [
    {
      id: 3,
      time: TIME,
      kind: 'virtualServices',
      objectKind: 'VirtualService',
      namespace: 'bookinfo',
      name: 'reviews',
      operation: 'update',
      resourceVersion: '12',
      attributed: false,
      seenLate: true,
      paths: ['spec.http[0].fault'],
    },
    {
      id: 2,
      time: TIME - 1000,
      kind: 'destinationRules',
      objectKind: 'DestinationRule',
      namespace: 'bookinfo',
      name: 'reviews',
      operation: 'create',
      resourceVersion: '10',
      author: 'alice',
      attributed: true,
      seenLate: false,
      paths: ['spec.subsets'],
    },
  ],
};

const DETAIL: ChangeDetail = {
  ...LIST.changes[0]!,
  diff: [
    { op: 'context', text: 'spec:', oldLine: 1, newLine: 1 },
    { op: 'add', text: '  fault: {}', newLine: 2 },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('ChangesPage', () => {
  it('lists the changes with who made them, and opens a diff with its links', async () => {
    const server = installFakeServer({
      'GET /api/changes': { body: LIST },
      'GET /api/changes/3': { body: DETAIL },
      'GET /api/namespaces': { body: [] },
    });
    const page = renderWithClient(<ChangesPage search="namespaces=bookinfo" />);
    const timeline = await screen.findByRole('list', { name: 'Changes, newest first' });
    const fault = within(timeline).getByRole('listitem', {
      name: 'VirtualService reviews changed in bookinfo',
    });
    expect(fault.textContent).toContain('seen in the cluster (kubectl or another client)');
    expect(fault.textContent).toContain('seen late');
    expect(fault.textContent).toContain('spec.http[0].fault');
    const rule = within(timeline).getByRole('listitem', {
      name: 'DestinationRule reviews created in bookinfo',
    });
    expect(rule.textContent).toContain('by alice through Sextant');
    expect(server.calls.find((c) => c.path === '/api/changes')?.search).toMatch(/namespaces=bookinfo/);

    // The open change lives in the URL.
    await userEvent.click(within(fault).getByRole('button', { expanded: false }));
    expect(window.location.search).toContain('change=3');
    page.rerender(
      <QueryClientProvider client={page.queryClient}>
        <ChangesPage search="namespaces=bookinfo&change=3" />
      </QueryClientProvider>,
    );
    const diff = await within(fault).findByLabelText('Diff of VirtualService reviews changed');
    expect(diff.textContent).toContain('fault: {}');
    expect(within(fault).getByRole('link', { name: 'Open VirtualService' }).getAttribute('href')).toBe(
      '/istio/bookinfo/virtualservices/reviews',
    );
    expect(within(fault).getByRole('link', { name: 'Graph: 5 minutes before' }).getAttribute('href')).toMatch(
      /^\/graph\?namespaces=bookinfo&duration=5m/,
    );
  });

  it('says when nothing changed, when the history is off, and when it cannot be read', async () => {
    installFakeServer({
      'GET /api/changes': { body: { enabled: true, changes: [] } },
      'GET /api/namespaces': { body: [] },
    });
    const empty = renderWithClient(<ChangesPage search="" />);
    expect(await screen.findByRole('heading', { name: 'No changes in the last day' })).toBeTruthy();
    empty.unmount();

    installFakeServer({
      'GET /api/changes': { body: { enabled: false, changes: [] } },
      'GET /api/namespaces': { body: [] },
    });
    const off = renderWithClient(<ChangesPage search="" />);
    expect(
      await screen.findByRole('heading', { name: 'The change history is off on this server' }),
    ).toBeTruthy();
    off.unmount();

    installFakeServer({
      'GET /api/changes': {
        status: 503,
        body: {
          error: {
            code: 'NOT_READY',
            message: 'The change history could not be read (the change list): connection refused',
          },
        },
      },
      'GET /api/namespaces': { body: [] },
    });
    renderWithClient(<ChangesPage search="" />);
    const alert = await screen.findByRole('alert', {}, { timeout: 5_000 });
    expect(alert.textContent).toContain('Could not load the changes');
    expect(alert.textContent).toContain('connection refused');
  });
});
