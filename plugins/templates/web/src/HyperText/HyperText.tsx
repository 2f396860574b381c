import { useEffect, useLayoutEffect, useRef, useState } from 'react';

import {
  controlOptions,
  defineObjectTag,
  resolveData,
  serverSettings,
  setRegionAnchor,
  useAnnotationState,
  withAlpha,
} from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { spanLabelsRenderer } from '../Labels/Labels';
import { sanitizeHtml } from '../shared/sanitize';
import { markRange, spanOfRange } from './xpath';

function HyperTextTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const raw = String(resolveData(task.data, node.attrs.value ?? '') ?? '');
  const [html, setHtml] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const state = useAnnotationState(store);
  const labelers = config
    .controlsFor(name)
    .filter((control) => controlOptions(control, 'Label', config, task).length > 0);
  const active = labelers.find((control) => state.activeLabels[control.attrs.name ?? '']);
  const spans = state.results.filter(
    (item) =>
      item.to_name === name &&
      typeof item.value.globalOffsets === 'object' &&
      !state.hiddenIds.includes(item.id),
  );

  useEffect(() => {
    let live = true;
    // An administrator may trust the project's HTML (LABELCORE_HYPERTEXT_UNSAFE); the
    // page's Content-Security-Policy still keeps its scripts from running.
    const shown = serverSettings().hypertextUnsafe ? Promise.resolve(raw) : sanitizeHtml(raw);
    void shown.then((clean) => live && setHtml(clean));
    return () => {
      live = false;
    };
  }, [raw]);

  // The marks are drawn into the HTML itself: the content is laid down afresh, then each
  // span's text is wrapped, so the page always shows exactly the spans in the store.
  useLayoutEffect(() => {
    const element = root.current;
    if (!element || html === null) return;
    element.innerHTML = html;
    for (const item of spans) {
      const offsets = item.value.globalOffsets as { start: number; end: number };
      const control = config.byName(item.from_name);
      const label = (item.value[item.type] as string[] | undefined)?.[0] ?? '';
      const color =
        (control &&
          controlOptions(control, 'Label', config, task).find((option) => option.value === label)
            ?.color) ??
        '#4f46e5';
      const marks = markRange(element, offsets.start, offsets.end, () => {
        const mark = document.createElement('mark');
        mark.className = `lc-span ${state.selectedId === item.id ? 'lc-span-selected' : ''}`;
        mark.style.background = withAlpha(color, 0.25);
        mark.style.borderColor = color;
        mark.dataset.regionId = item.id;
        mark.addEventListener('click', () => store.select(item.id));
        return mark;
      });
      const last = marks[marks.length - 1];
      if (last) {
        last.dataset.label = label;
        last.style.setProperty('--lc-label-color', color);
      }
      setRegionAnchor(item.id, () => marks[0]?.getBoundingClientRect() ?? null);
    }
  });

  const mark = () => {
    const selection = window.getSelection();
    const element = root.current;
    if (
      readOnly ||
      !active ||
      !element ||
      !selection ||
      selection.isCollapsed ||
      selection.rangeCount === 0
    )
      return;
    const range = selection.getRangeAt(0);
    if (!element.contains(range.startContainer) || !element.contains(range.endContainer)) return;
    const span = spanOfRange(element, range);
    selection.removeAllRanges();
    if (!span || !span.text.trim()) return;
    const type = active.tag.toLowerCase();
    store.add({
      from_name: active.attrs.name ?? '',
      to_name: name,
      type,
      value: { ...span, [type]: [state.activeLabels[active.attrs.name ?? '']] },
      origin: 'manual',
    });
  };

  if (html === null) return <div className="lc-loading">Loading…</div>;
  return <div ref={root} className="lc-hypertext" data-name={name} onMouseUp={mark} />;
}

export const hyperTextRenderer = defineObjectTag({
  component: HyperTextTag,
  description: 'HTML from the task, cleaned of scripts; HyperTextLabels mark spans by XPath.',
});

export const hyperTextLabelsRenderer = spanLabelsRenderer(
  'hypertextlabels',
  'Span labels over HyperText: pick a label, then select.',
);
