// Which tasks of the data manager the manager picked: listed ids, or every task the
// filters match but some. The body is Label Studio's ``selectedItems``.

export interface Selection {
  all: boolean;
  /** With ``all``, the ids left out; without it, the ids picked. */
  ids: ReadonlySet<number>;
}

export const NOTHING: Selection = { all: false, ids: new Set() };

export function isSelected(selection: Selection, id: number): boolean {
  return selection.all !== selection.ids.has(id);
}

export function toggle(selection: Selection, id: number): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { all: selection.all, ids };
}

export function selectedItems(selection: Selection) {
  const ids = [...selection.ids].sort((one, other) => one - other);
  return selection.all ? { all: true, excluded: ids } : { all: false, included: ids };
}

/** How many tasks the selection holds, given how many the filters match. */
export function selectedCount(selection: Selection, matching: number): number {
  return selection.all ? Math.max(matching - selection.ids.size, 0) : selection.ids.size;
}

export function isEmpty(selection: Selection, matching: number): boolean {
  return selectedCount(selection, matching) === 0;
}
