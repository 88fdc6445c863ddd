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

describe('VirtualServiceFormView matches, mirror and TCP routes', () => {
  const vs = {
    ...VS,
    spec: {
      hosts: ['reviews'],
      http: [
        {
          match: [
            { uri: { prefix: '/api' }, method: { exact: 'GET' }, headers: { 'end-user': { regex: 'ja.*' } } },
          ],
          route: [{ destination: { host: 'reviews', subset: 'v3' } }],
          mirror: { host: 'reviews-shadow', subset: 'v2' },
          mirrorPercentage: { value: 25 },
        },
      ],
      tcp: [
        {
          match: [{ port: 27017 }],
          route: [{ destination: { host: 'mongo', port: { number: 27017 } }, weight: 100 }],
        },
      ],
    },
  };
  const html = renderToStaticMarkup(
    <VirtualServiceFormView
      form={virtualServiceToForm(vs)}
      onChange={() => undefined}
      problems={new Map()}
    />,
  );

  it('renders each match block with uri, method and headers, labelled', () => {
    expect(html).toContain('URI of match 1 value');
    expect(html).toContain('value="/api"');
    expect(html).toContain('value="GET"');
    expect(html).toContain('Header 1 name of match 1');
    expect(html).toContain('value="end-user"');
    expect(html).toContain('value="ja.*"');
    expect(html).toMatch(/<option value="regex" selected="">/);
  });

  it('renders the mirror', () => {
    expect(html).toContain('value="reviews-shadow"');
    expect(html).toContain('value="25"');
  });

  it('renders TCP routes with port matches and destinations', () => {
    expect(html).toContain('aria-label="TCP route 1"');
    expect(html).toContain('value="27017"');
    expect(html).toContain('value="mongo"');
    expect(html).toContain('Port of destination 1');
  });
});

describe('VirtualServiceFormView: one destinations table for HTTP and TCP routes', () => {
  const vs = {
    ...VS,
    spec: {
      hosts: ['reviews'],
      http: [{ match: [{ uri: { exact: '' } }], route: [{ destination: { host: 'reviews' } }] }],
      tcp: [{ route: [{ destination: { host: 'mongo', port: { number: 27017 } }, weight: 100 }] }],
    },
  };
  const html = renderToStaticMarkup(
    <VirtualServiceFormView
      form={virtualServiceToForm(vs)}
      onChange={() => undefined}
      problems={new Map([['spec.http[0].match[0].uri', ['HTTP route 1, match 1: the URI needs a value']]])}
    />,
  );
  const table = (name: string) =>
    new RegExp(`<table[^>]*aria-label="Destinations of ${name}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';

  it('gives both a weight slider; only TCP a port column', () => {
    expect(table('HTTP route 1')).toContain('Weight slider of destination 1');
    expect(table('TCP route 1')).toContain('Weight slider of destination 1');
    expect(table('TCP route 1')).toContain('Port of destination 1');
    expect(table('HTTP route 1')).not.toContain('Port of destination 1');
    expect(html.match(/>Add destination</g)).toHaveLength(2);
  });

  it('names an empty URI at its field', () => {
    expect(html).toMatch(/URI of match 1 value[\s\S]*?aria-invalid="true"[\s\S]*?the URI needs a value/);
  });
});
