import { render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTH_CHANNEL, isSignedInMessage } from './authMessages.ts';
import { AuthDonePage } from './AuthDonePage.tsx';

afterEach(() => vi.unstubAllGlobals());

describe('AuthDonePage (/auth/done)', () => {
  it('in the popup: tells the opener and every tab that sign-in finished, then closes', async () => {
    const opener = { postMessage: vi.fn() };
    const close = vi.fn();
    vi.stubGlobal('opener', opener);
    vi.stubGlobal('close', close);
    const heard: unknown[] = [];
    const channel = new BroadcastChannel(AUTH_CHANNEL);
    channel.addEventListener('message', (e) => heard.push(e.data));

    render(<AuthDonePage />);
    expect(opener.postMessage).toHaveBeenCalledWith(
      { type: 'sextant-auth', event: 'signed-in' },
      window.location.origin,
    );
    expect(close).toHaveBeenCalled();
    await waitFor(() => expect(heard.some(isSignedInMessage)).toBe(true));
    channel.close();
  });

  it('a window that stays open (not a popup, or the browser refuses) says so and links to the app', () => {
    vi.stubGlobal('close', vi.fn());
    const view = render(<AuthDonePage />);
    expect(view.getByRole('status').textContent).toBe('Signed in. You can close this window.');
    expect(view.getByRole('link', { name: 'Continue to Sextant' }).getAttribute('href')).toBe('/');
  });
});
