import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { DataTable, type DataTableColumn } from './DataTable.tsx';
import { EMPTY_TABLE_STATE, type TableState } from './tableState.ts';

interface Row {
  name: string;
  rate: number;
}

const COLUMNS: DataTableColumn<Row>[] = [
  {
    id: 'name',
    header: 'Name',
    rowHeader: true,
    cell: (r) => r.name,
    sortValue: (r) => r.name,
    filterText: (r) => r.name,
  },
  { id: 'rate', header: 'Rate', cell: (r) => `${r.rate} req/s`, sortValue: (r) => r.rate },
  { id: 'secret', header: 'Secret', defaultHidden: true, cell: () => 'hidden by default' },
];

function Harness({ rows, onState }: { rows: Row[]; onState?: (s: TableState) => void }) {
  const [state, setState] = useState<TableState>(EMPTY_TABLE_STATE);
  return (
    <DataTable
      label="Things"
      columns={COLUMNS}
      rows={rows}
      rowKey={(r) => r.name}
      state={state}
      onStateChange={(s) => {
        setState(s);
        onState?.(s);
      }}
    />
  );
}

const names = () =>
  within(screen.getByRole('table', { name: 'Things' }))
    .queryAllByRole('rowheader')
    .map((h) => h.textContent);

describe('DataTable', () => {
  it('sorts by a header, filters by text and chooses columns, reporting each change', async () => {
    const user = userEvent.setup();
    const states: TableState[] = [];
    render(
      <Harness
        rows={[
          { name: 'b', rate: 1 },
          { name: 'a', rate: 5 },
          { name: 'c', rate: 3 },
        ]}
        onState={(s) => states.push(s)}
      />,
    );
    expect(names()).toEqual(['b', 'a', 'c']);
    expect(screen.queryByRole('columnheader', { name: /Secret/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: /Rate/ }));
    expect(names()).toEqual(['b', 'c', 'a']);
    expect(screen.getByRole('columnheader', { name: /Rate/ }).getAttribute('aria-sort')).toBe('ascending');
    await user.click(screen.getByRole('button', { name: /Rate/ }));
    expect(names()).toEqual(['a', 'c', 'b']);

    await user.type(screen.getByRole('searchbox', { name: 'Filter' }), 'c');
    expect(names()).toEqual(['c']);
    expect(screen.getByText('1 of 3 rows')).toBeTruthy();

    await user.click(screen.getByText('Columns'));
    await user.click(screen.getByRole('checkbox', { name: 'Secret' }));
    expect(screen.getByRole('columnheader', { name: 'Secret' })).toBeTruthy();
    expect(states.at(-1)).toEqual({
      sort: { column: 'rate', direction: 'desc' },
      filter: 'c',
      columns: ['name', 'rate', 'secret'],
    });
  });

  it('puts only a window of 2,000 rows in the DOM', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      name: `w-${String(i).padStart(4, '0')}`,
      rate: i,
    }));
    render(<Harness rows={rows} />);
    const shown = names();
    expect(shown[0]).toBe('w-0000');
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(60);
    expect(screen.getByRole('table', { name: 'Things' }).getAttribute('aria-rowcount')).toBe('2001');
  });

  it('says when the filter leaves nothing', async () => {
    const user = userEvent.setup();
    render(<Harness rows={[{ name: 'a', rate: 1 }]} />);
    await user.type(screen.getByRole('searchbox', { name: 'Filter' }), 'zzz');
    expect(screen.getByText('Nothing matches “zzz”.')).toBeTruthy();
  });
});
