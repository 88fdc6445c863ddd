import type { Validation } from '@sextant/contracts';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ValidationBadge } from './ValidationBadge.tsx';

const finding = (severity: Validation['severity'], message: string): Validation => ({
  code: 'X',
  severity,
  message,
  path: 'spec',
  objectRef: { kind: 'VirtualService', namespace: 'n', name: 'a' },
});

describe('ValidationBadge', () => {
  it('says "Valid" when there are no findings, and lists nothing', () => {
    const { container } = render(<ValidationBadge validations={[]} />);
    expect(screen.getByText('Valid')).toBeTruthy();
    expect(container.querySelectorAll('li')).toHaveLength(0);
  });

  it('names the worst severity in words with the count, and lists every message with its severity', () => {
    const { container } = render(
      <ValidationBadge validations={[finding('warning', 'w1'), finding('error', 'e1')]} />,
    );
    expect(screen.getByText(/Error \(2\)/)).toBeTruthy();
    const items = [...container.querySelectorAll('li')];
    expect(items.map((li) => li.textContent)).toEqual(expect.arrayContaining(['Warning: w1', 'Error: e1']));
    // The severity is said in words (strong), not by colour alone.
    for (const li of items) expect(within(li).getByText(/^(Warning|Error):$/).tagName).toBe('STRONG');
  });

  it('one warning: the badge says Warning without a count, the message is in its tooltip', () => {
    render(<ValidationBadge validations={[finding('warning', 'w1')]} />);
    expect(screen.getByTitle('warning: w1').textContent).toBe('!Warning');
    expect(screen.queryByText(/Error/)).toBeNull();
  });
});
