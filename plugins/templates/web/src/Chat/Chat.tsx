import { useState } from 'react';

import {
  defineObjectTag,
  resolveData,
  useAnnotationState,
  useControlResults,
} from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

interface Message {
  role: string;
  content: string;
}

/**
 * A conversation from the task, and the messages the annotator adds to it: each is a
 * `chatmessage` result of its own.
 */
function ChatTag({ node, task, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const given = resolveData(task.data, node.attrs.value ?? '');
  const messages: Message[] = Array.isArray(given)
    ? given.map((entry) => ({
        role: String((entry as Record<string, unknown>).role ?? 'user'),
        content: String(
          (entry as Record<string, unknown>).content ??
            (entry as Record<string, unknown>).text ??
            '',
        ),
      }))
    : [];
  const added = useControlResults(store, name);
  const state = useAnnotationState(store);
  const [text, setText] = useState('');
  const roles = (node.attrs.messageroles ?? 'user,assistant')
    .split(',')
    .map((each) => each.trim())
    .filter(Boolean);
  const [role, setRole] = useState(roles[0] ?? 'user');
  const editable = node.attrs.editable !== 'false';

  const send = () => {
    if (!text.trim() || !editable) return;
    store.add({
      from_name: name,
      to_name: name,
      type: 'chatmessage',
      value: { chatmessage: { role, content: text.trim(), createdAt: Date.now() } },
    });
    setText('');
  };

  return (
    <div className="lc-chat" data-name={name}>
      {messages.map((message, index) => (
        <div key={index} className={`lc-chat-message lc-chat-${message.role}`}>
          <span className="lc-chat-role">{message.role}</span>
          {message.content}
        </div>
      ))}
      {added.map((item) => {
        const message = item.value.chatmessage as Message;
        const selected = state.selectedId === item.id ? 'lc-chat-selected' : '';
        return (
          <button
            type="button"
            key={item.id}
            data-region-id={item.id}
            className={`lc-chat-message lc-chat-${message.role} lc-chat-added ${selected}`}
            onClick={() => store.select(item.id)}
          >
            <span className="lc-chat-role">{message.role}</span>
            {message.content}
          </button>
        );
      })}
      {editable && !readOnly && (
        <div className="lc-chat-composer">
          {roles.length > 1 && (
            <select
              aria-label={`Role for ${name}`}
              value={role}
              onChange={(event) => setRole(event.target.value)}
            >
              {roles.map((each) => (
                <option key={each} value={each}>
                  {each}
                </option>
              ))}
            </select>
          )}
          <textarea
            aria-label={`Message for ${name}`}
            value={text}
            rows={2}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey) {
                event.preventDefault();
                send();
              }
            }}
          />
          <button type="button" onClick={send} disabled={!text.trim()}>
            Send
          </button>
        </div>
      )}
    </div>
  );
}

export const chatRenderer = defineObjectTag({
  component: ChatTag,
  description: 'A conversation; the annotator may add messages to it, each a region.',
  regionTypes: ['chatmessage'],
});
