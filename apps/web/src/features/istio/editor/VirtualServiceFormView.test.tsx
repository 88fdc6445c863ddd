import { virtualServiceToForm } from '@sextant/mesh';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VirtualServiceFormView } from './VirtualServiceFormView.tsx';

const VS = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews' },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 70 },
          { destination: { host: 'reviews', subset: 'v9' }, weight: 20 },
        ],
      },
    ],
  },
};

describe('VirtualServiceFormView', () => {
  const html = renderToStaticMarkup(
    <VirtualServiceFormView
      form={virtualServiceToForm(VS)}
      onChange={() => undefined}
      problems={
        new Map([
          ['spec.http[0].route', ['HTTP route 1: weights sum to 90, not 100']],
          ['spec.http[0].route[1].destination.subset', ['error: Subset "v9" not found']],
        ])
      }
    />,
  );

  it('shows each destination with its weight', () => {
    expect(html).toContain('value="70"');
    expect(html).toContain('value="20"');
    expect(html).toContain('value="v9"');
  });

  it('puts findings at their fields, in words', () => {
    expect(html).toContain('weights sum to 90, not 100');
    expect(html).toContain('Subset &quot;v9&quot; not found');
    expect(html.match(/aria-invalid="true"/g)).toHaveLength(1);
    expect(html).toContain('Balance weights to 100');
  });
});
