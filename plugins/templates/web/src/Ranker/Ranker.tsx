import { useState } from 'react';

import {
  defineChildTag,
  defineControlTag,
  defineObjectTag,
  resolveData,
  useControlResults,
} from '@labelcore/plugin-api';
import type { ConfigNode, TagProps, TaskView } from '@labelcore/plugin-api';

export interface ListItem {
  id: string;
  title: string;
  body: string;
}

/** The items of a List tag: task data objects with an `id`, a `title` and a `body`. */
export function listItems(list: ConfigNode | undefined, task: TaskView): ListItem[] {
  const raw = list ? resolveData(task.data, list.attrs.value ?? '') : undefined;
  if (!Array.isArray(raw)) return [];
  return raw.map((entry, index) => {
    const fields = (
      typeof entry === 'object' && entry !== null ? entry : { title: entry }
    ) as Record<string, unknown>;
    return {
      id: String(fields.id ?? index),
      title: String(fields.title ?? fields.text ?? ''),
      body: String(fields.body ?? fields.html ?? ''),
    };
  });
}

/**
 * The buckets after moving `id` into `bucket` at `position`: an item is in one bucket at a
 * time, and the list's own key holds what no bucket took, in its order.
 */
export function moveItem(
  buckets: Readonly<Record<string, readonly string[]>>,
  id: string,
  bucket: string,
  position: number,
): Record<string, string[]> {
  const next: Record<string, string[]> = {};
  for (const [key, ids] of Object.entries(buckets)) next[key] = ids.filter((each) => each !== id);
  const target = next[bucket] ?? [];
  target.splice(Math.max(0, Math.min(position, target.length)), 0, id);
  next[bucket] = target;
  return next;
}

function RankerTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const listName = (node.attrs.toName ?? '').split(',')[0] ?? '';
  const items = listItems(config.byName(listName), task);
  const byId = new Map(items.map((item) => [item.id, item]));
  const bucketNodes = node.children.filter((child) => child.tag === 'Bucket');
  const stored = useControlResults(store, name)[0]?.value.ranker as
    Record<string, string[]> | undefined;
  const [dragging, setDragging] = useState<string | null>(null);

  // Without buckets the ranking is one ordered list under the Ranker's own name; with
  // buckets, the items no bucket took yet wait in the list and are not stored.
  const listKey = bucketNodes.length === 0 ? name : `\u0000${listName}`;
  const columns: { key: string; title: string }[] = [
    { key: listKey, title: config.byName(listName)?.attrs.title ?? 'Items' },
    ...bucketNodes.map((bucket) => ({
      key: bucket.attrs.name ?? '',
      title: bucket.attrs.title ?? bucket.attrs.name ?? '',
    })),
  ];
  const placed = new Set(
    Object.entries(stored ?? {})
      .filter(([key]) => key !== listKey)
      .flatMap(([, ids]) => ids),
  );
  const current: Record<string, string[]> = { ...(stored ?? {}) };
  const listed = current[listKey] ?? [];
  current[listKey] = [
    ...listed,
    ...items.map((item) => item.id).filter((id) => !placed.has(id) && !listed.includes(id)),
  ];

  const move = (id: string, bucket: string, position: number) => {
    if (readOnly) return;
    const next = moveItem(current, id, bucket, position);
    const kept = Object.fromEntries(
      Object.entries(next).filter(
        ([key, ids]) => ids.length > 0 && (bucketNodes.length === 0 || key !== listKey),
      ),
    );
    store.setSingle(name, listName, 'ranker', Object.keys(kept).length ? { ranker: kept } : null);
  };

  return (
    <div className="lc-ranker" data-name={name}>
      {columns.map((column) => {
        const ids = current[column.key] ?? [];
        return (
          <section
            key={column.key}
            className="lc-bucket"
            aria-label={column.title}
            data-bucket={column.key}
            onDragOver={(event) => event.preventDefault()}
            onDrop={(event) => {
              event.preventDefault();
              const id = event.dataTransfer.getData('text/plain') || dragging;
              if (id) move(id, column.key, ids.length);
              setDragging(null);
            }}
          >
            <h4>{column.title}</h4>
            <ol>
              {ids.map((id, index) => (
                <li
                  key={id}
                  draggable={!readOnly}
                  data-item={id}
                  className={dragging === id ? 'is-dragging' : ''}
                  onDragStart={(event) => {
                    event.dataTransfer.setData('text/plain', id);
                    setDragging(id);
                  }}
                  onDragEnd={() => setDragging(null)}
                  onDrop={(event) => {
                    event.preventDefault();
                    event.stopPropagation();
                    const moved = event.dataTransfer.getData('text/plain') || dragging;
                    if (moved) move(moved, column.key, index);
                    setDragging(null);
                  }}
                  onDragOver={(event) => event.preventDefault()}
                >
                  <strong>{byId.get(id)?.title ?? id}</strong>
                  {byId.get(id)?.body && (
                    <span className="lc-ranker-body">{byId.get(id)?.body}</span>
                  )}
                  {!readOnly && (
                    <span className="lc-ranker-keys">
                      <button
                        type="button"
                        aria-label={`Move ${id} up`}
                        disabled={index === 0}
                        onClick={() => move(id, column.key, index - 1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        aria-label={`Move ${id} down`}
                        disabled={index === ids.length - 1}
                        onClick={() => move(id, column.key, index + 1)}
                      >
                        ↓
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}

function ListTag({ node, task, config }: TagProps) {
  const name = node.attrs.name ?? '';
  // A Ranker over this list shows its items itself, in its buckets.
  if (config.controlsFor(name).some((control) => control.tag === 'Ranker')) return null;
  return (
    <ol className="lc-list" data-name={name}>
      {listItems(node, task).map((item) => (
        <li key={item.id}>
          <strong>{item.title}</strong> {item.body}
        </li>
      ))}
    </ol>
  );
}

export const rankerRenderer = defineControlTag({
  component: RankerTag,
  resultType: 'ranker',
  description: 'Order the items of a List, or drag them into buckets.',
});
export const bucketRenderer = defineChildTag({ description: 'A bucket of a Ranker.' });
export const listRenderer = defineObjectTag({
  component: ListTag,
  description: 'A list of items with a title and a body, for ranking.',
});
