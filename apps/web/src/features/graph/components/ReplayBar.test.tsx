import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangeMarker } from '../../changes/changeMarkers.ts';
import { ReplayBar } from './ReplayBar.tsx';

// 61 frames, 10 s apart.
const W = { start: 1_000_000, end: 1_000_600 };
const MARKERS: ChangeMarker[] = [
  {
    id: 7,
    time: 1_000_105,
    operation: 'create',
    label: 'VirtualService reviews created in bookinfo',
    href: '/changes?open=7',
  },
  {
    id: 9,
    time: 1_000_400,
    operation: 'delete',
    label: 'DestinationRule reviews deleted in bookinfo',
    href: '/changes?open=9',
  },
];

function Harness(props: {
  loadedUpTo: number;
  start?: number;
  onRange?: (r: number) => void;
  onClose?: () => void;
}) {
  const [position, setPosition] = useState(props.start ?? 0);
  return (
    <ReplayBar
      window={W}
      position={position}
      loaded={(i) => i <= props.loadedUpTo}
      loadedCount={props.loadedUpTo + 1}
      loading={position > props.loadedUpTo}
      failed={false}
      onRetry={() => {}}
      frameSeconds={60}
      markers={MARKERS}
      changesHref="/changes?namespaces=bookinfo"
      onSeek={setPosition}
      onRange={props.onRange ?? (() => {})}
      onClose={props.onClose ?? (() => {})}
    />
  );
}

const frameText = () => screen.getByLabelText('Replay time').textContent ?? '';

afterEach(() => {
  vi.useRealTimers();
});

describe('ReplayBar', () => {
  it('steps a frame back and forward, and says which frame of how many', async () => {
    const user = userEvent.setup();
    render(<Harness loadedUpTo={60} start={5} />);
    expect(frameText()).toContain('frame 6 of 61');
    await user.click(screen.getByRole('button', { name: 'Next frame' }));
    expect(frameText()).toContain('frame 7 of 61');
    await user.click(screen.getByRole('button', { name: 'Previous frame' }));
    await user.click(screen.getByRole('button', { name: 'Previous frame' }));
    expect(frameText()).toContain('frame 5 of 61');
    expect((screen.getByLabelText('Replay position') as HTMLInputElement).value).toBe('4');
  });

  it('disables stepping past either end', () => {
    render(<Harness loadedUpTo={60} start={0} />);
    expect(screen.getByRole('button', { name: 'Previous frame' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Next frame' }).hasAttribute('disabled')).toBe(false);
  });

  it('jumps to the first frame after a change from its marker', async () => {
    const user = userEvent.setup();
    render(<Harness loadedUpTo={60} />);
    await user.click(screen.getByRole('button', { name: /^VirtualService reviews created in bookinfo at / }));
    // 1_000_105 falls between frames 10 (…100) and 11 (…110): the graph after it is frame 11.
    expect(frameText()).toContain('frame 12 of 61');
    const deleted = screen.getByRole('button', { name: /^DestinationRule reviews deleted/ });
    expect(deleted.className).toContain('replay-marker--delete');
    expect(screen.getByText(/2 config changes marked/).textContent).toContain('2 config changes');
    expect(screen.getByRole('link', { name: 'Changes page' }).getAttribute('href')).toBe(
      '/changes?namespaces=bookinfo',
    );
  });

  it('plays at the chosen speed, waits for a frame that has not arrived, and pauses', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const { rerender } = render(<Harness loadedUpTo={3} />);
    await user.selectOptions(screen.getByLabelText('Speed'), '4');
    await user.click(screen.getByRole('button', { name: 'Play' }));
    // A frame every 250 ms (React runs the next frame's timer once each act ends).
    for (let i = 0; i < 3; i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(260);
      });
    }
    expect(frameText()).toContain('frame 4 of 61');
    // Frame 5 is not in: playback holds rather than skipping it.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
    });
    expect(frameText()).toContain('frame 4 of 61');
    rerender(<Harness loadedUpTo={60} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(260);
    });
    expect(frameText()).toContain('frame 5 of 61');
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
    });
    expect(frameText()).toContain('frame 5 of 61');
  });

  it('stops at the last frame; Play there starts over', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    render(<Harness loadedUpTo={60} start={59} />);
    await user.click(screen.getByRole('button', { name: 'Play' }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_010);
    });
    expect(frameText()).toContain('frame 61 of 61');
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(frameText()).toContain('frame 1 of 61');
  });

  it('changes the window and closes', async () => {
    const user = userEvent.setup();
    const onRange = vi.fn();
    const onClose = vi.fn();
    render(<Harness loadedUpTo={60} onRange={onRange} onClose={onClose} />);
    await user.selectOptions(screen.getByLabelText('Over'), 'Last 1 hour');
    expect(onRange).toHaveBeenCalledWith(3600);
    await user.click(screen.getByRole('button', { name: 'Back to live' }));
    expect(onClose).toHaveBeenCalled();
  });
});
