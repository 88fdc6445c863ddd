import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { WeightsFieldset } from './WeightsFieldset.tsx';

function Harness({ initial }: { initial: number[] }) {
  const [weights, setWeights] = useState(initial);
  return (
    <WeightsFieldset
      title="Traffic by version"
      versions={['v1', 'v2', 'v3']}
      weights={weights}
      onChange={setWeights}
    />
  );
}

const weightOf = (v: string) => screen.getByRole('spinbutton', { name: `Weight of ${v}` });
const total = () => screen.getByRole('status').textContent ?? '';

describe('WeightsFieldset', () => {
  it('rebalances the unlocked rows when one weight is typed: 80/10/10, total 100', async () => {
    const user = userEvent.setup();
    render(<Harness initial={[34, 33, 33]} />);
    await user.clear(weightOf('v1'));
    await user.type(weightOf('v1'), '80');
    expect(
      [weightOf('v1'), weightOf('v2'), weightOf('v3')].map((i) => (i as HTMLInputElement).value),
    ).toEqual(['80', '10', '10']);
    expect(total()).toContain('100 %');
    expect(screen.getByRole('button', { name: 'Lock weight of v1' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('shows a total off 100 when no unlocked row is left to absorb it, and unlocking lets one absorb', async () => {
    const user = userEvent.setup();
    render(<Harness initial={[50, 50, 0]} />);
    for (const v of ['v1', 'v2'])
      await user.click(screen.getByRole('button', { name: `Lock weight of ${v}` }));
    await user.clear(weightOf('v3'));
    await user.type(weightOf('v3'), '10');
    expect(total()).toContain('110 %');
    expect(total()).toContain('must be 100');
    await user.click(screen.getByRole('button', { name: 'Lock weight of v2' }));
    await user.clear(weightOf('v3'));
    await user.type(weightOf('v3'), '20');
    expect((weightOf('v2') as HTMLInputElement).value).toBe('30');
    expect(total()).toContain('100 %');
  });
});
