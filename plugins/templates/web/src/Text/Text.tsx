import { memo, useEffect, useMemo, useRef } from 'react';
import type { ClipboardEvent, CSSProperties, DragEvent, FormEvent, KeyboardEvent } from 'react';

import {
  controlOptions,
  createOffsetIndex,
  defineObjectTag,
  resolveData,
  setRegionAnchor,
  useAnnotationState,
  withAlpha,
} from '@labelcore/plugin-api';
import type {
  AnnotationStore,
  ConfigNode,
  OffsetIndex,
  ResultItem,
  TagProps,
} from '@labelcore/plugin-api';

import { blockStarts } from './blocks';
import { buildSegments, snapToWords, trimSelection } from './segments';
import type { Segment } from './segments';

function isSpan(item: ResultItem): boolean {
  return typeof item.value.start === 'number' && typeof item.value.end === 'number';
}

/**
 * The UTF-16 offset of a DOM position inside `root`. A position in a piece of the text is
 * its piece's start plus the offset; anything else counts the text before it.
 */
export function offsetIn(root: Node, container: Node, offset: number): number {
  const piece = container.nodeType === Node.TEXT_NODE ? container.parentElement : null;
  if (piece?.dataset.from !== undefined && piece.childNodes.length === 1) {
    return Number(piece.dataset.from) + offset;
  }
  const range = document.createRange();
  range.selectNodeContents(root);
  range.setEnd(container, offset);
  return range.toString().length;
}

interface Painted {
  color: string;
  label: string;
}

interface BlockProps {
  segments: readonly Segment[];
  paint: ReadonlyMap<string, Painted>;
  selectedId: string | null;
  starts: ReadonlyMap<number, string>;
  store: AnnotationStore;
  /** What the block shows, as one string: the block redraws only when it changes. */
  signature: string;
}

/** One block of the text with its marks; it redraws only when its own marks change. */
const TextBlock = memo(
  function TextBlock({ segments, paint, selectedId, starts, store }: BlockProps) {
    return (
      <div className="lc-text-block">
        {segments.map((segment) => {
          const first = segment.spanIds[0];
          const painted = first ? paint.get(first) : undefined;
          if (!first || !painted) {
            return (
              <span key={segment.from} data-from={segment.from}>
                {segment.text}
              </span>
            );
          }
          const ending = segment.endingIds
            .map((id) => paint.get(id)?.label)
            .filter(Boolean)
            .join(', ');
          const selected = selectedId !== null && segment.spanIds.includes(selectedId);
          return (
            <mark
              key={segment.from}
              data-from={segment.from}
              className={`lc-span ${selected ? 'lc-span-selected' : ''}`}
              style={
                {
                  background: withAlpha(painted.color, selected ? 0.38 : 0.22),
                  borderColor: painted.color,
                  '--lc-label-color': painted.color,
                } as CSSProperties
              }
              data-label={ending || undefined}
              data-starts={starts.get(segment.from)}
              onClick={() => {
                const { linkingFrom } = store.getState();
                if (linkingFrom && linkingFrom !== first) store.addRelation(linkingFrom, first);
                else store.select(first);
              }}
            >
              {segment.text}
            </mark>
          );
        })}
      </div>
    );
  },
  (before, after) => before.signature === after.signature && before.store === after.store,
);

interface BodyProps {
  text: string;
  segments: readonly Segment[];
  paint: ReadonlyMap<string, Painted>;
  selectedId: string | null;
  starts: ReadonlyMap<number, string>;
  store: AnnotationStore;
}

/**
 * The text in blocks (cut after newlines, and in long paragraphs at a space), so that a
 * new span relays out and redraws its own block; blocks off screen are not laid out.
 */
function TextBody({ text, segments, paint, selectedId, starts, store }: BodyProps) {
  const cuts = useMemo(() => blockStarts(text), [text]);
  const blocks: Segment[][] = cuts.map(() => []);
  let block = 0;
  for (const segment of segments) {
    while (block + 1 < cuts.length && segment.from >= (cuts[block + 1] ?? Infinity)) block += 1;
    blocks[block]?.push(segment);
  }
  return (
    <>
      {blocks.map((pieces, index) => {
        const signature = pieces
          .map((piece) => {
            const first = piece.spanIds[0];
            const painted = first ? paint.get(first) : undefined;
            const selected = selectedId !== null && piece.spanIds.includes(selectedId);
            return `${piece.from}:${piece.text.length}:${piece.spanIds.join(',')}:${
              painted
                ? `${painted.color}/${piece.endingIds.map((id) => paint.get(id)?.label).join(',')}`
                : ''
            }:${selected ? 1 : 0}:${starts.get(piece.from) ?? ''}`;
          })
          .join('|');
        return (
          <TextBlock
            key={cuts[index]}
            segments={pieces}
            paint={paint}
            selectedId={selectedId}
            starts={starts}
            store={store}
            signature={signature}
          />
        );
      })}
    </>
  );
}

function TextTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const text = String(resolveData(task.data, node.attrs.value ?? '') ?? '');
  const index: OffsetIndex = useMemo(() => createOffsetIndex(text), [text]);
  const state = useAnnotationState(store);
  const root = useRef<HTMLDivElement>(null);

  // The controls that label spans of this text are the ones with Label options.
  const labelers = useMemo(
    () =>
      config
        .controlsFor(name)
        .filter((control) => controlOptions(control, 'Label', config, task).length > 0),
    [config, name, task],
  );
  const active = labelers.find((control) => state.activeLabels[control.attrs.name ?? '']);
  const activeLabel = active ? state.activeLabels[active.attrs.name ?? ''] : null;
  const wordsOnly = [node, active].some((each) => each?.attrs.granularity === 'word');
  const selectable = labelers.length > 0 && !readOnly;

  const spans = useMemo(
    () =>
      state.results.filter(
        (item) => item.to_name === name && isSpan(item) && !state.hiddenIds.includes(item.id),
      ),
    [state.results, state.hiddenIds, name],
  );
  const paint = useMemo(() => {
    const colors = new Map<string, Map<string, string>>();
    const colorOf = (control: ConfigNode | undefined, label: string) => {
      if (!control) return '#4f46e5';
      const key = control.attrs.name ?? '';
      if (!colors.has(key)) {
        const options = controlOptions(control, 'Label', config, task);
        colors.set(key, new Map(options.map((option) => [option.value, option.color])));
      }
      return colors.get(key)?.get(label) ?? '#4f46e5';
    };
    return new Map(
      spans.map((item) => {
        const label = (item.value[item.type] as string[] | undefined)?.join(', ') ?? '';
        const first = (item.value[item.type] as string[] | undefined)?.[0] ?? '';
        return [item.id, { color: colorOf(config.byName(item.from_name), first), label }];
      }),
    );
  }, [spans, config, task]);
  const blockCuts = useMemo(() => blockStarts(text), [text]);
  const segments = useMemo(
    () =>
      buildSegments(
        text,
        spans.map((item) => ({
          id: item.id,
          start: item.value.start as number,
          end: item.value.end as number,
        })),
        index,
        blockCuts,
      ),
    [text, spans, index, blockCuts],
  );
  const starts = useMemo(() => {
    const found = new Map<number, string>();
    for (const item of spans) {
      const at = index.toUtf16(item.value.start as number);
      found.set(at, [found.get(at), item.id].filter(Boolean).join(' '));
    }
    return found;
  }, [spans, index]);

  useEffect(() => {
    for (const item of spans) {
      setRegionAnchor(item.id, () => {
        const mark = root.current?.querySelector(`[data-starts~="${CSS.escape(item.id)}"]`);
        return mark ? mark.getBoundingClientRect() : null;
      });
    }
    return () => spans.forEach((item) => setRegionAnchor(item.id, null));
  }, [spans]);

  const markSelection = (): boolean => {
    const selection = window.getSelection();
    const element = root.current;
    if (readOnly || !selection || selection.isCollapsed || !element || selection.rangeCount === 0) {
      return false;
    }
    const range = selection.getRangeAt(0);
    if (!element.contains(range.startContainer) || !element.contains(range.endContainer))
      return false;
    const control = labelers.find((each) => store.getState().activeLabels[each.attrs.name ?? '']);
    if (!control) return false;
    const label = store.getState().activeLabels[control.attrs.name ?? ''];

    const from = offsetIn(element, range.startContainer, range.startOffset);
    const to = offsetIn(element, range.endContainer, range.endOffset);
    const [low, high] = wordsOnly ? snapToWords(text, from, to) : trimSelection(text, from, to);
    selection.removeAllRanges();
    if (high <= low) return false;
    const start = index.toCodePoint(low);
    const end = index.toCodePoint(high);
    const type = control.tag.toLowerCase();
    store.add({
      from_name: control.attrs.name ?? '',
      to_name: name,
      type,
      value: {
        start,
        end,
        text: text.slice(index.toUtf16(start), index.toUtf16(end)),
        [type]: [label],
      },
      origin: 'manual',
    });
    return true;
  };

  // Text selected first and a label picked after (its hotkey, say) marks the selection.
  useEffect(() => {
    if (activeLabel) markSelection();
    // Only a newly picked label marks; selections are marked on mouse up.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [activeLabel]);

  return (
    <div className="lc-text" data-name={name} dir={node.attrs.dir ?? 'auto'}>
      {labelers.length > 0 && !readOnly && (
        <div className="lc-text-hint">
          {activeLabel
            ? `Select text to mark it “${activeLabel}”.`
            : 'Pick a label, then select text (or select text, then pick a label).'}
        </div>
      )}
      <div
        ref={root}
        className="lc-text-body"
        onMouseUp={() => markSelection()}
        tabIndex={0}
        // With labels to apply, the text takes a caret: Shift and the arrow keys select,
        // Enter (or a label's hotkey) marks. Nothing typed changes it.
        {...(selectable
          ? {
              contentEditable: true,
              suppressContentEditableWarning: true,
              spellCheck: false,
              'data-lc-keyboard-select': '',
              'aria-readonly': true,
              onBeforeInput: (event: FormEvent) => event.preventDefault(),
              onPaste: (event: ClipboardEvent) => event.preventDefault(),
              onCut: (event: ClipboardEvent) => event.preventDefault(),
              onDrop: (event: DragEvent) => event.preventDefault(),
              onKeyDown: (event: KeyboardEvent) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  markSelection();
                } else if (['Backspace', 'Delete'].includes(event.key) && !event.ctrlKey) {
                  event.preventDefault();
                }
              },
            }
          : {})}
      >
        <TextBody
          text={text}
          segments={segments}
          paint={paint}
          selectedId={state.selectedId}
          starts={starts}
          store={store}
        />
      </div>
    </div>
  );
}

export const textRenderer = defineObjectTag({
  component: TextTag,
  description:
    'Text; with a Labels control, spans are marked by selecting them (snapped to words with ' +
    'granularity="word"), stored in code points.',
});
