import { useState } from 'react';

import { defineObjectTag, resolveData, useControlResults } from '@labelcore/plugin-api';
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
  const [text, setText] = useState('');
  const role = node.attrs.editable === 'false' ? null : (node.attrs.messagerole ?? 'user');

  const send = () => {
    if (!text.trim() || !role) return;
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
      {[...messages, ...added.map((item) => item.value.chatmessage as Message)].map(
        (message, index) => (
          <div key={index} className={`lc-chat-message lc-chat-${message.role}`}>
            <span className="lc-chat-role">{message.role}</span>
            {message.content}
          </div>
        ),
      )}
      {role && !readOnly && (
        <div className="lc-chat-composer">
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
  description: 'A conversation; the annotator may add messages to it.',
});
