import { useState } from 'react';
import type { FormEvent } from 'react';

import { Button } from '../components/ui';
import {
  NO_FILTERS,
  choiceOf,
  filterItem,
  newRow,
  operatorsFor,
  withColumn,
  withOperator,
} from './filterModel';
import type { ColumnInfo, Conjunction, FilterRow, FilterState, QueryProblems } from './filterModel';

/** The input a value of `row` is typed into: numbers and times get their own inputs. */
function ValueInput({
  row,
  label,
  value,
  onChange,
}: {
  row: FilterRow;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  if (row.type === 'Boolean') {
    return (
      <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  }
  const type =
    row.type === 'Number' ? 'number' : row.type === 'Datetime' ? 'datetime-local' : 'text';
  return (
    <input
      aria-label={label}
      type={type}
      step={type === 'number' ? 'any' : type === 'datetime-local' ? 1 : undefined}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

function RowValue({ row, onChange }: { row: FilterRow; onChange: (row: FilterRow) => void }) {
  const input = choiceOf(row).input;
  if (input === 'none') return null;
  if (input === 'list') {
    return (
      <input
        aria-label="Values"
        placeholder={row.type === 'List' ? 'ids or names, separated by commas' : 'a, b, c'}
        title="Values separated by commas"
        value={row.value}
        onChange={(event) => onChange({ ...row, value: event.target.value })}
      />
    );
  }
  if (input === 'range') {
    return (
      <>
        <ValueInput
          row={row}
          label="From"
          value={row.value}
          onChange={(value) => onChange({ ...row, value })}
        />
        <span className="muted">and</span>
        <ValueInput
          row={row}
          label="To"
          value={row.to}
          onChange={(to) => onChange({ ...row, to })}
        />
      </>
    );
  }
  return (
    <ValueInput
      row={row}
      label="Value"
      value={row.value}
      onChange={(value) => onChange({ ...row, value })}
    />
  );
}

function ColumnSelect({
  row,
  columns,
  onChange,
}: {
  row: FilterRow;
  columns: ColumnInfo[];
  onChange: (row: FilterRow) => void;
}) {
  const fields = columns.filter((column) => column.parent !== 'data');
  const data = columns.filter((column) => column.parent === 'data');
  const known = columns.some((column) => column.id === row.column);
  return (
    <select
      aria-label="Column"
      value={row.column}
      onChange={(event) => {
        const column = columns.find((candidate) => candidate.id === event.target.value);
        if (column) onChange(withColumn(row, column));
      }}
    >
      {!known && <option value={row.column}>{row.column}</option>}
      {data.length > 0 && (
        <optgroup label="Data">
          {data.map((column) => (
            <option key={column.id} value={column.id}>
              {column.title}
            </option>
          ))}
        </optgroup>
      )}
      <optgroup label="Task">
        {fields.map((column) => (
          <option key={column.id} value={column.id}>
            {column.title}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

function Joiner({
  index,
  conjunction,
  problem,
  onChange,
}: {
  index: number;
  conjunction: Conjunction;
  problem?: string;
  onChange: (conjunction: Conjunction) => void;
}) {
  if (index === 0) return <span className="filter-join muted">Where</span>;
  if (index > 1) return <span className="filter-join muted">{conjunction}</span>;
  return (
    <span className="filter-join">
      <select
        aria-label="Match"
        title="Whether a task must match every filter (and) or one of them (or)"
        value={conjunction}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => onChange(event.target.value as Conjunction)}
      >
        <option value="and">and</option>
        <option value="or">or</option>
      </select>
    </span>
  );
}

/**
 * The table's filters: rows of column, operator and value, joined by one conjunction for the
 * whole tab, as Label Studio's data manager has them. Edits stay a draft until applied; the
 * server's refusal of a filter shows on its row.
 */
export function FilterEditor({
  columns,
  applied,
  problems,
  onApply,
}: {
  columns: ColumnInfo[];
  applied: FilterState;
  problems: QueryProblems | null;
  onApply: (filters: FilterState) => void;
}) {
  const [draft, setDraft] = useState<FilterState>(applied);
  const changed = JSON.stringify(draft) !== JSON.stringify(applied);
  const filterable = columns.filter((column) => column.filterable !== false);

  const setRow = (index: number, row: FilterRow) =>
    setDraft({ ...draft, rows: draft.rows.map((old, at) => (at === index ? row : old)) });
  const add = () => {
    const first =
      filterable.find((column) => column.parent === 'data') ??
      filterable.find((column) => column.id === 'id');
    if (first) setDraft({ ...draft, rows: [...draft.rows, newRow(first)] });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <form className="filters" aria-label="Filters" onSubmit={submit}>
      {draft.rows.map((row, index) => {
        const problem = problems?.rows[index];
        const column = filterable.find((candidate) => candidate.id === row.column);
        const operators = operatorsFor(column ?? { id: row.column, type: row.type });
        const known = operators.some((choice) => choice.id === row.operator);
        return (
          <div key={index} className="filter-row" role="group" aria-label={`Filter ${index + 1}`}>
            <Joiner
              index={index}
              conjunction={draft.conjunction}
              problem={problems?.conjunction}
              onChange={(conjunction) => setDraft({ ...draft, conjunction })}
            />
            <ColumnSelect row={row} columns={filterable} onChange={(next) => setRow(index, next)} />
            <select
              aria-label="Operator"
              value={row.operator}
              onChange={(event) => setRow(index, withOperator(row, event.target.value))}
            >
              {!known && <option value={row.operator}>{choiceOf(row).label}</option>}
              {operators.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.label}
                </option>
              ))}
            </select>
            <RowValue row={row} onChange={(next) => setRow(index, next)} />
            <Button
              type="button"
              aria-label={`Remove filter ${index + 1}`}
              title="Remove this filter"
              onClick={() =>
                setDraft({ ...draft, rows: draft.rows.filter((_, at) => at !== index) })
              }
            >
              ×
            </Button>
            {filterItem(row) === null && (
              <span className="muted small">Fill in a value to apply this filter.</span>
            )}
            {problem && (
              <span className="filter-problem" role="alert">
                {problem}
              </span>
            )}
          </div>
        );
      })}
      {problems?.conjunction && (
        <p className="filter-problem" role="alert">
          {problems.conjunction}
        </p>
      )}
      <div className="filter-bar">
        <Button type="button" onClick={add} disabled={filterable.length === 0}>
          Add filter
        </Button>
        <Button type="submit" variant={changed ? 'primary' : 'secondary'} disabled={!changed}>
          Apply filters
        </Button>
        {(applied.rows.length > 0 || draft.rows.length > 0) && (
          <Button
            type="button"
            onClick={() => {
              setDraft(NO_FILTERS);
              onApply(NO_FILTERS);
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
    </form>
  );
}
