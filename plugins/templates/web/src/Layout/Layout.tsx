import { Children, useEffect, useRef, useState } from 'react';

import {
  defineControlTag,
  defineChildTag,
  defineVisualTag,
  isTrue,
  parseStyle,
  useHotkey,
} from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { setFilterText } from '../shared/filters';

/** CSS the config carries, put on the page while the config is shown. */
function StyleTag({ node }: TagProps) {
  useEffect(() => {
    const element = document.createElement('style');
    element.dataset.labelcoreConfig = 'true';
    element.textContent = node.text ?? '';
    document.head.appendChild(element);
    return () => element.remove();
  }, [node.text]);
  return null;
}

/** A search box that narrows the options of the control its toName names. */
function FilterTag({ node }: TagProps) {
  const target = node.attrs.toName ?? '';
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  useHotkey(node.attrs.hotkey, () => input.current?.focus());
  useEffect(() => () => setFilterText(target, ''), [target]);
  const minimum = Number(node.attrs.minlength ?? 0);
  return (
    <input
      ref={input}
      type="search"
      className="lc-filter"
      aria-label={`Filter ${target}`}
      placeholder={node.attrs.placeholder ?? 'Filter…'}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        setFilterText(target, event.target.value.length >= minimum ? event.target.value : '');
      }}
    />
  );
}

/** Panels that fold; with accordion (the default), opening one folds the others. */
function CollapseTag({ node, children }: TagProps) {
  const accordion = isTrue(node.attrs.accordion, true);
  return (
    <div
      className="lc-collapse"
      onToggle={(event) => {
        const opened = event.target as HTMLDetailsElement;
        if (!accordion || !opened.open) return;
        opened.parentElement?.querySelectorAll(':scope > details[open]').forEach((details) => {
          if (details !== opened) (details as HTMLDetailsElement).open = false;
        });
      }}
    >
      {children}
    </div>
  );
}

function PanelTag({ node, children }: TagProps) {
  return (
    <details className="lc-panel" open={isTrue(node.attrs.open)}>
      <summary>{node.attrs.value ?? node.attrs.name ?? 'Panel'}</summary>
      <div className="lc-panel-body">{children}</div>
    </details>
  );
}

/** One child at a time, with a pager. */
function PagedViewTag({ node, children }: TagProps) {
  const pages = Children.toArray(children);
  const [page, setPage] = useState(0);
  const at = Math.min(page, Math.max(0, pages.length - 1));
  return (
    <div className="lc-paged" style={parseStyle(node.attrs.style)}>
      <div className="lc-paged-bar">
        <button
          type="button"
          aria-label="Previous page"
          disabled={at === 0}
          onClick={() => setPage(at - 1)}
        >
          ‹
        </button>
        <span>
          {at + 1} / {pages.length}
        </span>
        <button
          type="button"
          aria-label="Next page"
          disabled={at + 1 >= pages.length}
          onClick={() => setPage(at + 1)}
        >
          ›
        </button>
      </div>
      {pages[at]}
    </div>
  );
}

function DialogTag({ node, children }: TagProps) {
  return (
    <div className="lc-dialog" style={parseStyle(node.attrs.style)}>
      {children}
    </div>
  );
}

/** Relation labels: picked in the side panel for each relation drawn. */
function RelationsTag({ node }: TagProps) {
  const labels = node.children
    .filter((child) => child.tag === 'Relation')
    .map((child) => child.attrs.value);
  return (
    <p className="lc-relations-hint" data-name={node.attrs.name}>
      Relate two regions: select one, press Alt+R (or ↗ in the results), then pick the other.
      {labels.length > 0 && <> Relation labels: {labels.join(', ')}.</>}
    </p>
  );
}

export const styleRenderer = defineVisualTag({
  component: StyleTag,
  description: 'CSS for the labeling view.',
});
export const filterRenderer = defineVisualTag({
  component: FilterTag,
  description: 'A search box over a control’s options.',
});
export const collapseRenderer = defineVisualTag({
  component: CollapseTag,
  description: 'Folding panels.',
});
export const panelRenderer = defineVisualTag({
  component: PanelTag,
  description: 'One folding panel of a Collapse.',
});
export const pagedViewRenderer = defineVisualTag({
  component: PagedViewTag,
  description: 'Its children one page at a time.',
});
export const dialogRenderer = defineVisualTag({
  component: DialogTag,
  description: 'A block of a conversation layout.',
});
export const relationsRenderer = defineControlTag({
  component: RelationsTag,
  resultType: 'relation',
  optionTag: 'Relation',
  optionHotkeys: false,
  description: 'The labels relations between regions may carry.',
});
export const relationRenderer = defineChildTag({ description: 'A label of Relations.' });
