// A data-manager tab as Label Studio stores it (`data: {title, filters, ordering,
// hiddenColumns}`), and the table state it stands for.

export interface TaskFilter {
  column: string;
  operator: string;
  value: string;
}

export interface TableState {
  filter: TaskFilter | null;
  ordering: string | null;
  hidden: string[];
}

export interface ViewData {
  title?: string;
  filters?: { conjunction: string; items: FilterItem[] };
  ordering?: string[];
  hiddenColumns?: { explore?: string[] };
}

export interface SavedView {
  id: number;
  data: ViewData;
}

interface FilterItem {
  filter: string;
  operator: string;
  type: string;
  value: unknown;
}

const NUMERIC_COLUMNS = new Set([
  'id',
  'total_annotations',
  'cancelled_annotations',
  'total_predictions',
]);

export function filterItem(filter: TaskFilter): FilterItem {
  const comparesNumbers = filter.operator === 'greater' || filter.operator === 'less';
  const numeric =
    NUMERIC_COLUMNS.has(filter.column) ||
    (comparesNumbers && filter.value.trim() !== '' && !Number.isNaN(Number(filter.value)));
  return {
    filter: `filter:tasks:${filter.column}`,
    operator: filter.operator,
    type: numeric ? 'Number' : 'String',
    value: numeric ? Number(filter.value) : filter.value,
  };
}

/** The filters and ordering of Label Studio's data-manager query. */
export function queryOf(state: Pick<TableState, 'filter' | 'ordering'>) {
  return {
    filters: { conjunction: 'and', items: state.filter ? [filterItem(state.filter)] : [] },
    ordering: state.ordering ? [state.ordering] : [],
  };
}

export function viewData(title: string, state: TableState): ViewData {
  return { title, ...queryOf(state), hiddenColumns: { explore: [...state.hidden] } };
}

/** The table state a saved tab holds; only its first filter, which is all this table
 * edits (a view saved elsewhere with more still filters on the server). */
export function stateOf(data: ViewData): TableState {
  const item = data.filters?.items[0];
  return {
    filter: item
      ? {
          column: item.filter.replace(/^filter:tasks:/, ''),
          operator: item.operator,
          value: String(item.value ?? ''),
        }
      : null,
    ordering: data.ordering?.[0] ?? null,
    hidden: data.hiddenColumns?.explore ?? [],
  };
}
