import { useEffect, useRef } from 'react';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Text opened for selecting with the keyboard is not typed into: hotkeys still count.
  if (target.closest('[data-lc-keyboard-select]')) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Whether a key event is the hotkey `hotkey` ("1", "a", "shift+a", "ctrl+enter"). */
export function matchesHotkey(event: KeyboardEvent, hotkey: string): boolean {
  const parts = hotkey.toLowerCase().split('+');
  const key = parts.pop() ?? '';
  const wants = new Set(parts);
  if (wants.has('ctrl') !== event.ctrlKey || wants.has('alt') !== event.altKey) return false;
  if (wants.has('meta') !== event.metaKey) return false;
  if (wants.has('shift') && !event.shiftKey) return false;
  // A letter with Shift is another key (Ctrl+Shift+Z redoes, Ctrl+Z undoes); a symbol
  // may need Shift to be typed at all, so Shift is not held against it.
  if (!wants.has('shift') && event.shiftKey && /^[a-z]$/.test(key)) return false;
  return event.key.toLowerCase() === key;
}

/** Calls `handler` when `hotkey` is pressed outside a text field; nothing when undefined. */
export function useHotkey(hotkey: string | undefined, handler: () => void, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });

  useEffect(() => {
    if (!hotkey || !enabled) return undefined;
    // A plain key typed into a text field is text; a Ctrl or Meta chord is still a command.
    const chord = /(^|\+)(ctrl|meta)\+/i.test(hotkey);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      if (!chord && isEditable(event.target)) return;
      if (!matchesHotkey(event, hotkey)) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [hotkey, enabled]);
}
