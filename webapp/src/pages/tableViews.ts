// A data-manager tab as Label Studio stores it (`data: {title, filters, ordering,
// hiddenColumns}`), and the table state it stands for.

import { NO_FILTERS, filterStateOf, filtersQuery } from './filterModel';
import type { FilterState, FiltersQuery } from './filterModel';

/** The table as the user set it: its filters, its sort (`tasks:<column>`, `-` first for
 * descending), and the columns hidden (Label Studio's `tasks:<column>` ids; `null` keeps
 * each column's default). */
export interface TableState {
  filters: FilterState;
  ordering: string | null;
  hidden: string[] | null;
}

export const PLAIN_TABLE: TableState = { filters: NO_FILTERS, ordering: null, hidden: null };

export interface ViewData {
  title?: string;
  filters?: FiltersQuery;
  ordering?: string[];
  hiddenColumns?: { explore?: string[]; labeling?: string[] };
}

export interface SavedView {
  id: number;
  data: ViewData;
}

/** The filters and ordering of Label Studio's data-manager query. */
export function queryOf(state: Pick<TableState, 'filters' | 'ordering'>) {
  return {
    filters: filtersQuery(state.filters).filters,
    ordering: state.ordering ? [state.ordering] : [],
  };
}

export function viewData(title: string, state: TableState): ViewData {
  const data: ViewData = { title, ...queryOf(state) };
  if (state.hidden !== null) data.hiddenColumns = { explore: [...state.hidden] };
  return data;
}

/** The table state a saved tab holds. */
export function stateOf(data: ViewData): TableState {
  return {
    filters: filterStateOf(data.filters),
    ordering: data.ordering?.[0] ?? null,
    hidden: data.hiddenColumns?.explore ?? null,
  };
}
