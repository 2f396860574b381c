import { useRef, useState } from 'react';

import {
  defineChildTag,
  defineControlTag,
  isTrue,
  useControlResults,
  useHotkey,
} from '@labelcore/plugin-api';
import type { ConfigNode, TagProps } from '@labelcore/plugin-api';

/** Whether the control collects separate submissions (a list) rather than one text. */
export function collectsSubmissions(node: ConfigNode): boolean {
  const most = Number(node.attrs.maxSubmissions ?? 0);
  return isTrue(node.attrs.showSubmitButton) || most > 1;
}

/** The list after submitting `text`: blank text is no submission, and `most` caps it. */
export function addSubmission(current: readonly string[], text: string, most: number): string[] {
  const trimmed = text.trim();
  if (!trimmed || (most > 0 && current.length >= most)) return [...current];
  return [...current, trimmed];
}

function ShortcutButton({
  shortcut,
  insert,
}: {
  shortcut: ConfigNode;
  insert: (text: string) => void;
}) {
  const value = shortcut.attrs.value ?? '';
  useHotkey(shortcut.attrs.hotkey, () => insert(value));
  return (
    <button type="button" className="lc-shortcut" onClick={() => insert(value)} title={value}>
      {shortcut.attrs.alias ?? value}
      {shortcut.attrs.hotkey && <kbd className="lc-option-key">{shortcut.attrs.hotkey}</kbd>}
    </button>
  );
}

function TextAreaTag({ node, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const toName = (node.attrs.toName ?? '').split(',')[0] ?? '';
  const results = useControlResults(store, name);
  const texts = (results[0]?.value.text as string[] | undefined) ?? [];
  const rows = Number(node.attrs.rows ?? 3) || 3;
  const listMode = collectsSubmissions(node);
  const most = Number(node.attrs.maxSubmissions ?? 0);
  const editable = node.attrs.editable !== 'false';
  const [draft, setDraft] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  const shortcuts = node.children.filter((child) => child.tag === 'Shortcut');

  const write = (next: readonly string[]) =>
    store.setSingle(name, toName, 'textarea', next.length ? { text: [...next] } : null);

  const submit = () => {
    const next = addSubmission(texts, draft, most);
    if (next.length === texts.length) return;
    write(next);
    setDraft('');
  };

  const insert = (snippet: string) => {
    const element = field.current;
    const current = listMode ? draft : (texts[0] ?? '');
    const at = element ? element.selectionStart : current.length;
    const end = element ? element.selectionEnd : current.length;
    const next = current.slice(0, at) + snippet + current.slice(end);
    if (listMode) setDraft(next);
    else write(next ? [next] : []);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(at + snippet.length, at + snippet.length);
    });
  };

  const full = most > 0 && texts.length >= most;
  return (
    <div className="lc-textarea-box" data-name={name}>
      {shortcuts.length > 0 && (
        <div className="lc-shortcuts">
          {shortcuts.map((shortcut, index) => (
            <ShortcutButton key={index} shortcut={shortcut} insert={insert} />
          ))}
        </div>
      )}
      {listMode && texts.length > 0 && (
        <ol className="lc-submissions">
          {texts.map((text, index) => (
            <li key={index}>
              {editable && !readOnly ? (
                <input
                  aria-label={`${name} submission ${index + 1}`}
                  value={text}
                  onChange={(event) =>
                    write(texts.map((each, at) => (at === index ? event.target.value : each)))
                  }
                />
              ) : (
                <span>{text}</span>
              )}
              {!readOnly && (
                <button
                  type="button"
                  aria-label={`Remove ${name} submission ${index + 1}`}
                  onClick={() => write(texts.filter((_each, at) => at !== index))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {(!listMode || !full) && (
        <div className="lc-textarea-row">
          <textarea
            ref={field}
            className="lc-textarea"
            name={name}
            aria-label={node.attrs.placeholder || name}
            placeholder={node.attrs.placeholder ?? ''}
            rows={listMode ? Math.min(rows, 2) : rows}
            readOnly={readOnly || (!listMode && !editable && texts.length > 0)}
            maxLength={node.attrs.maxLength ? Number(node.attrs.maxLength) : undefined}
            value={listMode ? draft : (texts[0] ?? '')}
            onChange={(event) => {
              if (listMode) setDraft(event.target.value);
              else write(event.target.value ? [event.target.value] : []);
            }}
            onKeyDown={(event) => {
              // In a list, Enter adds the text (Shift+Enter starts a new line).
              if (
                listMode &&
                event.key === 'Enter' &&
                !event.shiftKey &&
                !event.ctrlKey &&
                !event.metaKey
              ) {
                event.preventDefault();
                submit();
              }
            }}
          />
          {listMode && (
            <button
              type="button"
              className="lc-textarea-add"
              onClick={submit}
              disabled={readOnly || !draft.trim()}
            >
              Add
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export const textAreaRenderer = defineControlTag({
  component: TextAreaTag,
  resultType: 'textarea',
  description:
    'Free text about an object (a caption, a transcript); with showSubmitButton or ' +
    'maxSubmissions, a list of separate submissions. Shortcut children insert snippets.',
});

export const shortcutRenderer = defineChildTag({
  description: 'A snippet a TextArea inserts with a click or a hotkey.',
});
