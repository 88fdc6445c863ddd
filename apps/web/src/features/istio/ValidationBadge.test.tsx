import type { Validation } from '@sextant/contracts';
import { renderToStaticMarkup } from 'react-dom/server';
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
  it('says "Valid" when there are no findings', () =>
    expect(renderToStaticMarkup(<ValidationBadge validations={[]} />)).toContain('Valid'));

  it('names the worst severity in words and lists every message', () => {
    const html = renderToStaticMarkup(
      <ValidationBadge validations={[finding('warning', 'w1'), finding('error', 'e1')]} />,
    );
    expect(html).toContain('Error (2)');
    expect(html).toContain('<strong>Warning:</strong> w1');
    expect(html).toContain('<strong>Error:</strong> e1');
  });
});
