import { useState } from 'react';

import { defineControlTag, isTrue, useControlResults } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { dynamicOptionNodes } from '@labelcore/plugin-api';
import { filterTree, taxonomyTree, togglePath } from './tree';
import type { TaxonomyNode } from './tree';

function TaxonomyTag({ node, task, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const toName = (node.attrs.toName ?? '').split(',')[0] ?? '';
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const chosen =
    (useControlResults(store, name)[0]?.value.taxonomy as string[][] | undefined) ?? [];
  const leafsOnly = isTrue(node.attrs.leafsOnly);
  const single = Number(node.attrs.maxUsages ?? 0) === 1 || node.attrs.choice === 'single';
  const tree = taxonomyTree([...node.children, ...dynamicOptionNodes(node, 'Choice', task)]);
  const shown = filterTree(tree, search);
  const isChosen = (path: string[]) =>
    chosen.some((each) => each.join('\u0000') === path.join('\u0000'));

  const toggle = (path: string[]) => {
    const current = (store.resultsOf(name)[0]?.value.taxonomy as string[][] | undefined) ?? [];
    const next = togglePath(current, path, single);
    store.setSingle(name, toName, 'taxonomy', next.length ? { taxonomy: next } : null);
  };

  const renderNode = (item: TaxonomyNode) => {
    const key = item.path.join('\u0000');
    const expanded = search.trim() !== '' || open.has(key);
    const selectable = !leafsOnly || item.children.length === 0;
    return (
      <li key={key}>
        <div className="lc-taxonomy-row">
          {item.children.length > 0 ? (
            <button
              type="button"
              className="lc-taxonomy-fold"
              aria-label={`${expanded ? 'Fold' : 'Unfold'} ${item.title}`}
              aria-expanded={expanded}
              onClick={() => {
                const next = new Set(open);
                if (next.has(key)) next.delete(key);
                else next.add(key);
                setOpen(next);
              }}
            >
              {expanded ? '▾' : '▸'}
            </button>
          ) : (
            <span className="lc-taxonomy-fold" />
          )}
          <label>
            <input
              type="checkbox"
              disabled={readOnly || !selectable}
              checked={isChosen(item.path)}
              onChange={() => toggle(item.path)}
            />
            {item.title}
          </label>
        </div>
        {expanded && item.children.length > 0 && <ul>{item.children.map(renderNode)}</ul>}
      </li>
    );
  };

  return (
    <div className="lc-taxonomy" data-name={name}>
      {chosen.length > 0 && (
        <div className="lc-taxonomy-chosen">
          {chosen.map((path) => (
            <span key={path.join('/')} className="lc-chip">
              {path.join(' / ')}
              {!readOnly && (
                <button
                  type="button"
                  aria-label={`Remove ${path.join(' / ')}`}
                  onClick={() => toggle(path)}
                >
                  ×
                </button>
              )}
            </span>
          ))}
        </div>
      )}
      <input
        type="search"
        className="lc-taxonomy-search"
        aria-label={`Search ${name}`}
        placeholder={node.attrs.placeholder ?? 'Search…'}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <ul className="lc-taxonomy-tree">{shown.map(renderNode)}</ul>
    </div>
  );
}

export const taxonomyRenderer = defineControlTag({
  component: TaxonomyTag,
  resultType: 'taxonomy',
  optionTag: 'Choice',
  optionHotkeys: false,
  description: 'A searchable tree of choices; the result holds the path to each choice.',
});
