import type { IstioObjectEnvelope, IstioObjectJson } from '@sextant/contracts';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../../../api/session.ts';
import { installFakeServer } from '../../../test/fakeServer.ts';
import { renderWithClient } from '../../../test/renderWithClient.tsx';
import { IstioEditor } from './IstioEditor.tsx';

const LOADED: IstioObjectEnvelope = {
  object: {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '41', generation: 2, uid: 'u-1' },
    spec: {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
    },
  },
  validations: [],
};

// What the cluster holds after someone else's save: one real change (the subset) and the bookkeeping
// the API server rewrites on every save.
const THEIRS: IstioObjectJson = {
  ...LOADED.object,
  metadata: {
    ...LOADED.object.metadata,
    resourceVersion: '57',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl', operation: 'Update' }],
  },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] },
};

const OBJECT_PATH = '/api/namespaces/bookinfo/istio/virtualservices/reviews';

const originalScrollIntoView = Element.prototype.scrollIntoView;
let scrolled: Element[] = [];
beforeEach(() => {
  sessionStore.reset();
  scrolled = [];
  // As Chromium now does: scrollIntoView answers a promise (an effect must not return it as cleanup).
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this);
    return Promise.resolve() as unknown as void;
  };
});
afterEach(() => {
  vi.unstubAllGlobals();
  Element.prototype.scrollIntoView = originalScrollIntoView;
});

describe('IstioEditor on a 409 conflict', () => {
  it('shows their change without the server-managed metadata and brings the conflict into view', async () => {
    installFakeServer({
      'GET /api/auth/info': { body: { strategy: 'anonymous', user: null, expiresAt: null } },
      [`PUT ${OBJECT_PATH}`]: {
        status: 409,
        body: {
          error: {
            code: 'CONFLICT',
            message: 'the object has been modified',
            details: { upstream: 'kubernetes', reason: 'Conflict', current: THEIRS },
          },
        },
      },
    });

    const user = userEvent.setup();
    renderWithClient(
      <IstioEditor
        namespace="bookinfo"
        resource="virtualservices"
        loaded={LOADED}
        onSaved={() => {}}
        onEdit={() => {}}
      />,
    );
    await user.type(await screen.findByRole('textbox', { name: 'Timeout' }), '3s');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));

    const conflict = await screen.findByRole('alert', { name: 'Conflict' });
    const theirChange = screen.getByLabelText('The other change').textContent ?? '';
    expect(theirChange).toContain('subset: v2');
    for (const managed of ['resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'uid']) {
      expect(theirChange).not.toContain(managed);
    }
    expect(scrolled).toContain(conflict);
  });

  it('re-applies mine onto theirs and lists the field both changed', async () => {
    const theirs: IstioObjectJson = {
      ...THEIRS,
      spec: {
        hosts: ['reviews'],
        http: [{ timeout: '5s', route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
      },
    };
    let puts = 0;
    installFakeServer({
      'GET /api/auth/info': { body: { strategy: 'anonymous', user: null, expiresAt: null } },
      [`PUT ${OBJECT_PATH}`]: (request) => {
        puts++;
        if (puts === 1)
          return {
            status: 409,
            body: {
              error: {
                code: 'CONFLICT',
                message: 'the object has been modified',
                details: { upstream: 'kubernetes', reason: 'Conflict', current: theirs },
              },
            },
          };
        return { body: { object: request.body, validations: [], diff: [] } };
      },
    });
    const user = userEvent.setup();
    renderWithClient(
      <IstioEditor
        namespace="bookinfo"
        resource="virtualservices"
        loaded={LOADED}
        onSaved={() => {}}
        onEdit={() => {}}
      />,
    );
    await user.type(await screen.findByRole('textbox', { name: 'Timeout' }), '3s');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    await screen.findByRole('alert', { name: 'Conflict' });
    await user.click(screen.getByRole('button', { name: 'Re-apply my change onto the new version' }));
    const both = await screen.findByRole('region', { name: 'Fields changed on both sides' });
    expect(both.textContent).toContain('spec.http[0].timeout');
    expect(screen.queryByRole('alert', { name: 'Conflict' })).toBeNull();
  });
});
