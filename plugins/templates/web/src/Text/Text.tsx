import { useRef } from 'react';
import type { CSSProperties } from 'react';

import {
  controlOptions,
  defineObjectTag,
  resolveData,
  spanFromUtf16,
  useAnnotationState,
  withAlpha,
} from '@labelcore/plugin-api';
import type { ConfigNode, ResultItem, TagProps } from '@labelcore/plugin-api';

import { buildSegments, trimSelection } from './segments';

function isSpan(
  item: ResultItem,
): item is ResultItem<{ start: number; end: number } & Record<string, unknown>> {
  return typeof item.value.start === 'number' && typeof item.value.end === 'number';
}

/** The UTF-16 offset of a DOM position inside `root`, counting only its text. */
function offsetIn(root: HTMLElement, node: Node, offset: number): number {
  const range = document.createRange();
  range.selectNodeContents(root);
  range.setEnd(node, offset);
  return range.toString().length;
}

function TextTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const text = String(resolveData(task.data, node.attrs.value ?? '') ?? '');
  const state = useAnnotationState(store);
  const root = useRef<HTMLDivElement>(null);

  // The controls that label spans of this text are the ones with Label options.
  const labelers = config
    .controlsFor(name)
    .filter((control) => controlOptions(control, 'Label', config).length > 0);
  const active = labelers.find((control) => state.activeLabels[control.attrs.name ?? '']);
  const spans = state.results.filter((item) => item.to_name === name && isSpan(item));

  const colorOf = (item: ResultItem) => {
    const control = config.byName(item.from_name);
    const label = (item.value[item.type] as string[] | undefined)?.[0];
    if (!control) return '#4f46e5';
    const option = controlOptions(control, 'Label', config).find((each) => each.value === label);
    return option?.color ?? '#4f46e5';
  };
  const byId = new Map(spans.map((item) => [item.id, item]));

  const select = () => {
    const selection = window.getSelection();
    const element = root.current;
    if (readOnly || !selection || selection.isCollapsed || !element || selection.rangeCount === 0) {
      return;
    }
    const range = selection.getRangeAt(0);
    if (!element.contains(range.startContainer) || !element.contains(range.endContainer)) return;
    if (!active) return;

    const [from, to] = trimSelection(
      text,
      offsetIn(element, range.startContainer, range.startOffset),
      offsetIn(element, range.endContainer, range.endOffset),
    );
    const span = spanFromUtf16(text, from, to);
    selection.removeAllRanges();
    if (!span) return;

    const control: ConfigNode = active;
    const label = state.activeLabels[control.attrs.name ?? ''];
    const type = control.tag.toLowerCase();
    const added = store.add({
      from_name: control.attrs.name ?? '',
      to_name: name,
      type,
      value: { ...span, [type]: [label] },
      origin: 'manual',
    });
    store.select(added.id);
  };

  const segments = buildSegments(
    text,
    spans.map((item) => ({
      id: item.id,
      start: item.value.start as number,
      end: item.value.end as number,
    })),
  );

  return (
    <div className="lc-text" data-name={name}>
      {labelers.length > 0 && !readOnly && (
        <div className="lc-text-hint">
          {active
            ? `Select text to mark it “${state.activeLabels[active.attrs.name ?? '']}”.`
            : 'Pick a label, then select text to mark it.'}
        </div>
      )}
      <div ref={root} className="lc-text-body" onMouseUp={select}>
        {segments.map((segment, index) => {
          const first = segment.spanIds[0];
          if (!first) return <span key={index}>{segment.text}</span>;
          const item = byId.get(first);
          if (!item) return <span key={index}>{segment.text}</span>;
          const color = colorOf(item);
          const ending = segment.endingIds
            .map((id) => byId.get(id))
            .map((each) => (each ? (each.value[each.type] as string[] | undefined)?.[0] : ''))
            .filter(Boolean)
            .join(', ');
          const selected = segment.spanIds.includes(state.selectedId ?? '');
          return (
            <mark
              key={index}
              className={`lc-span ${selected ? 'lc-span-selected' : ''}`}
              style={
                {
                  background: withAlpha(color, selected ? 0.38 : 0.22),
                  borderColor: color,
                  '--lc-label-color': color,
                } as CSSProperties
              }
              data-label={ending || undefined}
              onClick={() => store.select(first)}
            >
              {segment.text}
            </mark>
          );
        })}
      </div>
    </div>
  );
}

export const textRenderer = defineObjectTag({
  component: TextTag,
  description: 'Text; with a Labels control, spans are marked by selecting them.',
});
