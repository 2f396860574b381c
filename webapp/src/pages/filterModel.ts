// The data manager's filters as the table edits them, and as Label Studio's query carries
// them: `{"conjunction": "and" | "or", "items": [{"filter": "filter:tasks:<column>",
// "operator", "type", "value"}]}` with the operator names of labelcore/datamanager/filters.py.

export type ColumnType = 'Number' | 'String' | 'Datetime' | 'Boolean' | 'List' | 'Unknown';

/** One column of `GET /api/dm/columns/`: a task field, or a data key (`parent: "data"`). */
export interface ColumnInfo {
  id: string;
  title: string;
  type: ColumnType;
  sortable: boolean;
  filterable?: boolean;
  parent?: string;
  visibility_defaults?: { explore?: boolean };
}

export type Conjunction = 'and' | 'or';

/** What an operator's value is typed into: one input, two (a range), a list, or nothing. */
export type ValueInput = 'one' | 'range' | 'list' | 'none';

/** An operator as the table offers it; `wire` is its name in the query. "is between" is
 * Label Studio's `in` with `{min, max}`, "is one of" its `in_list`, and "is (not) empty"
 * its `empty` with true or false. */
export interface OperatorChoice {
  id: string;
  label: string;
  wire: string;
  input: ValueInput;
}

/** One filter row as edited. `value` is the input's text (the range's start, or the list's
 * values separated by commas), `to` the range's end; `type` the column's, kept so that a
 * row can be sent before the column list arrives. */
export interface FilterRow {
  column: string;
  type: ColumnType;
  operator: string;
  value: string;
  to: string;
}

export interface FilterState {
  conjunction: Conjunction;
  rows: FilterRow[];
}

export interface FilterItem {
  filter: string;
  operator: string;
  type: string;
  value: unknown;
}

export interface FiltersQuery {
  conjunction: Conjunction;
  items: FilterItem[];
}

export const NO_FILTERS: FilterState = { conjunction: 'and', rows: [] };

const FILTER_PREFIX = 'filter:tasks:';

const CHOICES: OperatorChoice[] = [
  { id: 'equal', label: 'is', wire: 'equal', input: 'one' },
  { id: 'not_equal', label: 'is not', wire: 'not_equal', input: 'one' },
  { id: 'contains', label: 'contains', wire: 'contains', input: 'one' },
  { id: 'not_contains', label: 'does not contain', wire: 'not_contains', input: 'one' },
  { id: 'starts_with', label: 'starts with', wire: 'starts_with', input: 'one' },
  { id: 'greater', label: 'greater than', wire: 'greater', input: 'one' },
  { id: 'less', label: 'less than', wire: 'less', input: 'one' },
  { id: 'greater_or_equal', label: 'at least', wire: 'greater_or_equal', input: 'one' },
  { id: 'less_or_equal', label: 'at most', wire: 'less_or_equal', input: 'one' },
  { id: 'between', label: 'is between', wire: 'in', input: 'range' },
  { id: 'not_between', label: 'is not between', wire: 'not_in', input: 'range' },
  { id: 'in', label: 'is one of', wire: 'in_list', input: 'list' },
  { id: 'not_in', label: 'is none of', wire: 'not_in_list', input: 'list' },
  { id: 'empty', label: 'is empty', wire: 'empty', input: 'none' },
  { id: 'not_empty', label: 'is not empty', wire: 'empty', input: 'none' },
];
const BY_ID = new Map(CHOICES.map((choice) => [choice.id, choice]));

const OPERATOR_IDS: Record<ColumnType, string[]> = {
  Number: [
    'equal',
    'not_equal',
    'greater',
    'less',
    'greater_or_equal',
    'less_or_equal',
    'between',
    'not_between',
    'in',
    'not_in',
    'empty',
    'not_empty',
  ],
  Datetime: ['greater', 'less', 'between', 'not_between', 'empty', 'not_empty'],
  String: [
    'contains',
    'not_contains',
    'starts_with',
    'equal',
    'not_equal',
    'in',
    'not_in',
    'empty',
    'not_empty',
  ],
  Unknown: ['contains', 'not_contains', 'equal', 'not_equal', 'empty', 'not_empty'],
  Boolean: ['equal', 'not_equal'],
  List: ['contains', 'not_contains', 'in', 'empty', 'not_empty'],
};

/** The result columns search the results' text: anything but these would be read as
 * `contains` by the server. */
const RESULT_COLUMNS = new Set(['annotations_results', 'predictions_results']);
const RESULT_OPERATORS = ['contains', 'not_contains', 'empty', 'not_empty'];

/** Labels that read better on times and on many-valued columns. */
const TYPE_LABELS: Partial<Record<ColumnType, Record<string, string>>> = {
  Datetime: { greater: 'after', less: 'before' },
  List: { contains: 'includes', not_contains: 'does not include', in: 'includes any of' },
};

function labelled(choice: OperatorChoice, type: ColumnType): OperatorChoice {
  const label = TYPE_LABELS[type]?.[choice.id];
  return label ? { ...choice, label } : choice;
}

/** The operators a column takes, in the order the table lists them. */
export function operatorsFor(column: Pick<ColumnInfo, 'id' | 'type'>): OperatorChoice[] {
  const ids = RESULT_COLUMNS.has(column.id)
    ? RESULT_OPERATORS
    : (OPERATOR_IDS[column.type] ?? OPERATOR_IDS.Unknown);
  return ids.map((id) => labelled(BY_ID.get(id) as OperatorChoice, column.type));
}

/** The operator a row names; one the table does not offer (a view saved by another
 * client) is kept under its own name with one value. */
export function choiceOf(row: Pick<FilterRow, 'operator' | 'type'>): OperatorChoice {
  const choice = BY_ID.get(row.operator);
  if (!choice) return { id: row.operator, label: row.operator, wire: row.operator, input: 'one' };
  return labelled(choice, row.type);
}

/** A new row on `column`, with its first operator and no value. */
export function newRow(column: Pick<ColumnInfo, 'id' | 'type'>): FilterRow {
  const [first] = operatorsFor(column);
  return {
    column: column.id,
    type: column.type,
    operator: first?.id ?? 'equal',
    value: column.type === 'Boolean' ? 'true' : '',
    to: '',
  };
}

/** `row` moved to another column: the operator stays if the new column takes it. */
export function withColumn(row: FilterRow, column: Pick<ColumnInfo, 'id' | 'type'>): FilterRow {
  const fresh = newRow(column);
  const keeps =
    column.type === row.type && operatorsFor(column).some((choice) => choice.id === row.operator);
  return keeps ? { ...row, column: column.id } : fresh;
}

/** `row` with another operator: the value stays when both take the same kind of input. */
export function withOperator(row: FilterRow, operator: string): FilterRow {
  const before = choiceOf(row).input;
  const after = choiceOf({ ...row, operator }).input;
  if (before === after) return { ...row, operator };
  return { ...row, operator, value: row.type === 'Boolean' ? 'true' : '', to: '' };
}

const pad = (number: number) => String(number).padStart(2, '0');

/** An ISO time as a `datetime-local` input shows it, in the browser's time zone. */
export function localInputTime(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const date = `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
  const seconds = moment.getSeconds() ? `:${pad(moment.getSeconds())}` : '';
  return `${date}T${pad(moment.getHours())}:${pad(moment.getMinutes())}${seconds}`;
}

function typedValue(text: string, type: ColumnType): unknown {
  const trimmed = text.trim();
  if (type === 'Number') {
    const number = Number(trimmed);
    // Text that is no number goes as it is: the server says what it expected.
    return trimmed !== '' && Number.isFinite(number) ? number : trimmed;
  }
  // A many-valued column holds user ids (annotators) or names (model versions).
  if (type === 'List') return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  if (type === 'Datetime') {
    const moment = new Date(trimmed);
    return Number.isNaN(moment.getTime()) ? trimmed : moment.toISOString();
  }
  if (type === 'Boolean') return trimmed === 'true';
  return text;
}

function listOf(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The query item of one row, or `null` while its value is not filled in. */
export function filterItem(row: FilterRow): FilterItem | null {
  const choice = choiceOf(row);
  const item = { filter: `${FILTER_PREFIX}${row.column}`, operator: choice.wire, type: row.type };
  switch (choice.input) {
    case 'none':
      return { ...item, value: choice.id === 'empty' };
    case 'range':
      if (row.value.trim() === '' || row.to.trim() === '') return null;
      return {
        ...item,
        value: { min: typedValue(row.value, row.type), max: typedValue(row.to, row.type) },
      };
    case 'list': {
      const values = listOf(row.value);
      if (values.length === 0) return null;
      return { ...item, value: values.map((value) => typedValue(value, row.type)) };
    }
    default:
      if (row.value.trim() === '') return null;
      return { ...item, value: typedValue(row.value, row.type) };
  }
}

/** The query's `filters`, and for each item the row it came from (rows still being filled
 * in are left out), so that the server's complaint about item 1 lands on the right row. */
export function filtersQuery(state: FilterState): { filters: FiltersQuery; rowOfItem: number[] } {
  const items: FilterItem[] = [];
  const rowOfItem: number[] = [];
  state.rows.forEach((row, index) => {
    const item = filterItem(row);
    if (item) {
      items.push(item);
      rowOfItem.push(index);
    }
  });
  return { filters: { conjunction: state.conjunction, items }, rowOfItem };
}

function valueText(value: unknown, type: ColumnType): string {
  if (value === undefined || value === null) return '';
  if (type === 'Datetime' && typeof value === 'string') return localInputTime(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isRange(value: unknown): value is { min: unknown; max: unknown } {
  return typeof value === 'object' && value !== null && 'min' in value && 'max' in value;
}

function operatorOf(item: FilterItem): string {
  const { operator, value } = item;
  if (operator === 'empty') return value === false || value === 'false' ? 'not_empty' : 'empty';
  if (isRange(value)) {
    if (operator === 'in' || operator === 'between') return 'between';
    if (operator === 'not_in' || operator === 'not_between') return 'not_between';
  }
  if (Array.isArray(value)) {
    if (operator === 'in' || operator === 'in_list') return 'in';
    if (operator === 'not_in' || operator === 'not_in_list') return 'not_in';
  }
  return operator;
}

/** The row a query item stands for. */
export function rowOf(item: FilterItem): FilterRow {
  const type = (item.type || 'String') as ColumnType;
  const row: FilterRow = {
    column: item.filter.startsWith(FILTER_PREFIX)
      ? item.filter.slice(FILTER_PREFIX.length)
      : item.filter.replace(/^tasks:/, ''),
    type,
    operator: operatorOf(item),
    value: '',
    to: '',
  };
  const { value } = item;
  if (row.operator === 'empty' || row.operator === 'not_empty') return row;
  if (isRange(value))
    return { ...row, value: valueText(value.min, type), to: valueText(value.max, type) };
  if (Array.isArray(value)) {
    return { ...row, value: value.map((member) => valueText(member, type)).join(', ') };
  }
  return { ...row, value: valueText(value, type) };
}

/** The filter state a saved query holds. */
export function filterStateOf(filters: Partial<FiltersQuery> | null | undefined): FilterState {
  if (!filters) return NO_FILTERS;
  return {
    conjunction: filters.conjunction === 'or' ? 'or' : 'and',
    rows: (filters.items ?? []).map(rowOf),
  };
}

/** Where the server's refusal of a query belongs: a message per filter row, the
 * conjunction's, the sort's, and the rest. */
export interface QueryProblems {
  rows: Record<number, string>;
  conjunction?: string;
  ordering?: string;
  other: string[];
}

const PARTS: Record<string, string> = {
  '': 'Filter',
  '.value': 'The value of filter',
  '.min': 'The start of filter',
  '.max': 'The end of filter',
  '.operator': 'The operator of filter',
  '.filter': 'The column of filter',
};

/** The server's sentence with `filters.items[0].min` said as the table numbers its rows:
 * "The start of filter 2". */
function readable(message: string, rowOfItem: number[]): string {
  return message.replace(
    /filters\.items\[(\d+)\](\.min|\.max|\.value|\.operator|\.filter)?/g,
    (whole: string, item: string, part: string | undefined) => {
      const row = rowOfItem[Number(item)];
      const name = PARTS[part ?? ''];
      return row === undefined || !name ? whole : `${name} ${row + 1}`;
    },
  );
}

/** The 400 answer's `validation_errors` (`{"filters.items[1].value": ["..."]}`) placed on
 * the rows they name. */
export function queryProblems(
  validationErrors: Record<string, string[]> | undefined,
  rowOfItem: number[],
  detail?: string,
): QueryProblems {
  const problems: QueryProblems = { rows: {}, other: [] };
  for (const [field, messages] of Object.entries(validationErrors ?? {})) {
    const message = readable(messages.join(' '), rowOfItem);
    const item = /^filters\.items\[(\d+)\]/.exec(field);
    const row = item ? rowOfItem[Number(item[1])] : undefined;
    if (row !== undefined) problems.rows[row] = message;
    else if (field === 'filters.conjunction') problems.conjunction = message;
    else if (field.startsWith('ordering')) problems.ordering = message;
    else problems.other.push(message);
  }
  if (Object.keys(validationErrors ?? {}).length === 0 && detail) problems.other.push(detail);
  return problems;
}
