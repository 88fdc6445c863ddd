import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { lazy } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PageBoundary } from './PageBoundary.tsx';

afterEach(() => vi.unstubAllGlobals());

/** Silences React's report of the caught error; the test asserts what the user sees instead. */
function quietConsole() {
  return vi.spyOn(console, 'error').mockImplementation(() => {});
}

describe('PageBoundary', () => {
  it('offers a reload when a lazy page chunk fails to load (the old chunk is gone after a deploy)', async () => {
    const quiet = quietConsole();
    const reload = vi.fn();
    vi.stubGlobal('location', { ...window.location, reload });
    const GonePage = lazy(() =>
      Promise.reject(
        new TypeError(
          'Failed to fetch dynamically imported module: http://sextant.test/assets/GraphPage-3f2a.js',
        ),
      ),
    );
    render(
      <PageBoundary fallback={<p>Loading…</p>}>
        <GonePage />
      </PageBoundary>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sextant was updated — reload');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledOnce();
    quiet.mockRestore();
  });

  it('shows what failed, with a retry, when a page throws while rendering', async () => {
    const quiet = quietConsole();
    let broken = true;
    function Page() {
      if (broken) throw new Error('reviews has no ports');
      return <p>Rendered</p>;
    }
    render(
      <PageBoundary fallback={<p>Loading…</p>}>
        <Page />
      </PageBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('This page failed');
    expect(screen.getByRole('alert').textContent).toContain('reviews has no ports');
    broken = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Rendered')).toBeTruthy();
    quiet.mockRestore();
  });
});
