// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { FilterEditor } from './FilterEditor';
import { NO_FILTERS } from './filterModel';
import type { ColumnInfo, FilterState } from './filterModel';

afterEach(cleanup);

const COLUMNS: ColumnInfo[] = [
  { id: 'id', title: 'ID', type: 'Number', sortable: true },
  { id: 'updated_at', title: 'Updated', type: 'Datetime', sortable: true },
  { id: 'data.tag', title: 'tag', type: 'String', sortable: true, parent: 'data' },
  { id: 'data.n', title: 'n', type: 'Number', sortable: true, parent: 'data' },
];

function change(element: HTMLElement, value: string) {
  fireEvent.change(element, { target: { value } });
}

describe('FilterEditor', () => {
  it('adds rows, joins them with the chosen conjunction and applies them', () => {
    const applied: FilterState[] = [];
    render(
      <FilterEditor
        columns={COLUMNS}
        applied={NO_FILTERS}
        problems={null}
        onApply={(state) => applied.push(state)}
      />,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    const first = screen.getByRole('group', { name: 'Filter 1' });
    const second = screen.getByRole('group', { name: 'Filter 2' });
    change(within(first).getByLabelText('Column'), 'data.n');
    change(within(first).getByLabelText('Operator'), 'between');
    change(within(first).getByLabelText('From'), '10');
    change(within(first).getByLabelText('To'), '20');
    change(within(second).getByLabelText('Operator'), 'empty');
    change(within(second).getByLabelText('Match'), 'or');
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(applied).toEqual([
      {
        conjunction: 'or',
        rows: [
          { column: 'data.n', type: 'Number', operator: 'between', value: '10', to: '20' },
          { column: 'data.tag', type: 'String', operator: 'empty', value: '', to: '' },
        ],
      },
    ]);
    expect(within(second).queryByLabelText('Value')).toBeNull();
  });

  it('gives numbers and times their own inputs, and a list its own', () => {
    const applied: FilterState = {
      conjunction: 'and',
      rows: [
        { column: 'data.n', type: 'Number', operator: 'greater', value: '3', to: '' },
        { column: 'updated_at', type: 'Datetime', operator: 'less', value: '', to: '' },
        { column: 'data.tag', type: 'String', operator: 'in', value: 'a, b', to: '' },
      ],
    };
    render(<FilterEditor columns={COLUMNS} applied={applied} problems={null} onApply={() => {}} />);

    const value = (row: number, label: string) =>
      within(screen.getByRole('group', { name: `Filter ${row}` })).getByLabelText(label);
    expect(value(1, 'Value').getAttribute('type')).toBe('number');
    expect(value(2, 'Value').getAttribute('type')).toBe('datetime-local');
    expect((value(3, 'Values') as HTMLInputElement).value).toBe('a, b');
    expect(screen.getByText('Fill in a value to apply this filter.')).toBeTruthy();
  });

  it("shows the server's refusal on the row it names and removes a row", () => {
    const applied: FilterState = {
      conjunction: 'and',
      rows: [
        { column: 'id', type: 'Number', operator: 'equal', value: '1', to: '' },
        { column: 'id', type: 'Number', operator: 'in', value: '1, x', to: '' },
      ],
    };
    const changes: FilterState[] = [];
    render(
      <FilterEditor
        columns={COLUMNS}
        applied={applied}
        problems={{ rows: { 1: "Filter 2 must be a number, got 'x'." }, other: [] }}
        onApply={(state) => changes.push(state)}
      />,
    );

    const second = screen.getByRole('group', { name: 'Filter 2' });
    expect(within(second).getByRole('alert').textContent).toBe(
      "Filter 2 must be a number, got 'x'.",
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(changes[0]?.rows).toEqual([applied.rows[1]]);
  });
});
