import { virtualServiceToForm, type VirtualServiceForm } from '@sextant/mesh';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
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

/** The form as the editor holds it: edits go through `onChange` and come back as the new form. */
function Editable({
  initial,
  problems = new Map(),
  onChange,
}: {
  initial: VirtualServiceForm;
  problems?: Map<string, string[]>;
  onChange?: (f: VirtualServiceForm) => void;
}) {
  const [form, setForm] = useState(initial);
  return (
    <VirtualServiceFormView
      form={form}
      onChange={(f) => {
        setForm(f);
        onChange?.(f);
      }}
      problems={problems}
    />
  );
}

const value = (el: HTMLElement) => (el as HTMLInputElement).value;

describe('VirtualServiceFormView', () => {
  const problems = new Map([
    ['spec.http[0].route', ['HTTP route 1: weights sum to 90, not 100']],
    ['spec.http[0].route[1].destination.subset', ['error: Subset "v9" not found']],
  ]);

  it('shows each destination with its subset and weight', () => {
    render(<Editable initial={virtualServiceToForm(VS)} problems={problems} />);
    const table = screen.getByRole('table', { name: 'Destinations of HTTP route 1' });
    expect(value(within(table).getByLabelText('Weight of destination 1'))).toBe('70');
    expect(value(within(table).getByLabelText('Weight of destination 2'))).toBe('20');
    expect(value(within(table).getByLabelText('Subset of destination 2'))).toBe('v9');
  });

  it('puts findings at their fields, in words, and marks only that field invalid', () => {
    const { container } = render(<Editable initial={virtualServiceToForm(VS)} problems={problems} />);
    expect(screen.getByText(/weights sum to 90, not 100/)).toBeTruthy();
    expect(screen.getByText(/Subset "v9" not found/)).toBeTruthy();
    const invalid = container.querySelectorAll('[aria-invalid="true"]');
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toBe(screen.getByLabelText('Subset of destination 2'));
  });

  it('an edited weight reaches the form; Balance weights makes them sum to 100', async () => {
    const onChange = vi.fn();
    render(<Editable initial={virtualServiceToForm(VS)} problems={problems} onChange={onChange} />);
    const weight = screen.getByLabelText('Weight of destination 1');
    await userEvent.clear(weight);
    await userEvent.type(weight, '60');
    expect(value(weight)).toBe('60');
    expect(onChange).toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Balance weights to 100' }));
    const w1 = Number(value(screen.getByLabelText('Weight of destination 1')));
    const w2 = Number(value(screen.getByLabelText('Weight of destination 2')));
    expect(w1 + w2).toBe(100);
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

  it('renders each match block with uri, method and headers, labelled', () => {
    render(<Editable initial={virtualServiceToForm(vs)} />);
    const match = screen.getByRole('group', { name: 'Match 1' });
    expect(value(within(match).getByLabelText('URI of match 1 value'))).toBe('/api');
    expect(within(match).getByDisplayValue('GET')).toBeTruthy();
    expect(value(within(match).getByLabelText('Header 1 name of match 1'))).toBe('end-user');
    expect(within(match).getByDisplayValue('ja.*')).toBeTruthy();
    expect(
      within(match)
        .getAllByRole('combobox')
        .map((s) => value(s)),
    ).toContain('regex');
  });

  it('renders the mirror', () => {
    render(<Editable initial={virtualServiceToForm(vs)} />);
    const mirror = screen.getByRole('group', { name: 'Mirror of HTTP route 1' });
    expect(within(mirror).getByDisplayValue('reviews-shadow')).toBeTruthy();
    expect(within(mirror).getByDisplayValue('25')).toBeTruthy();
  });

  it('renders TCP routes with port matches and destinations', () => {
    render(<Editable initial={virtualServiceToForm(vs)} />);
    const tcp = screen.getByRole('region', { name: 'TCP route 1' });
    expect(within(tcp).getAllByDisplayValue('27017').length).toBeGreaterThanOrEqual(1);
    expect(within(tcp).getByDisplayValue('mongo')).toBeTruthy();
    expect(within(tcp).getByLabelText('Port of destination 1')).toBeTruthy();
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
  const problems = new Map([['spec.http[0].match[0].uri', ['HTTP route 1, match 1: the URI needs a value']]]);

  it('gives both a weight slider; only TCP a port column', () => {
    render(<Editable initial={virtualServiceToForm(vs)} problems={problems} />);
    const http = screen.getByRole('table', { name: 'Destinations of HTTP route 1' });
    const tcp = screen.getByRole('table', { name: 'Destinations of TCP route 1' });
    expect(within(http).getByLabelText('Weight slider of destination 1')).toBeTruthy();
    expect(within(tcp).getByLabelText('Weight slider of destination 1')).toBeTruthy();
    expect(within(tcp).getByLabelText('Port of destination 1')).toBeTruthy();
    expect(within(http).queryByLabelText('Port of destination 1')).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Add destination' })).toHaveLength(2);
  });

  it('names an empty URI at its field', () => {
    render(<Editable initial={virtualServiceToForm(vs)} problems={problems} />);
    const uri = screen.getByLabelText('URI of match 1 value');
    expect(uri.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/the URI needs a value/)).toBeTruthy();
  });

  it('Add destination adds a row to that route only', async () => {
    render(<Editable initial={virtualServiceToForm(vs)} problems={problems} />);
    const tcp = screen.getByRole('table', { name: 'Destinations of TCP route 1' });
    await userEvent.click(screen.getAllByRole('button', { name: 'Add destination' })[1]!);
    expect(within(tcp).getByLabelText('Host of destination 2')).toBeTruthy();
    const http = screen.getByRole('table', { name: 'Destinations of HTTP route 1' });
    expect(within(http).queryByLabelText('Host of destination 2')).toBeNull();
  });
});
