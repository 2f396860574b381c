// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { matchesHotkey, useHotkey } from './hotkeys';

afterEach(cleanup);

function Listener({ hotkey, onPress }: { hotkey: string; onPress: () => void }) {
  useHotkey(hotkey, onPress);
  return <textarea aria-label="notes" />;
}

function press(target: EventTarget, init: KeyboardEventInit) {
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
}

describe('hotkeys', () => {
  it('matches keys with their modifiers', () => {
    expect(matchesHotkey(new KeyboardEvent('keydown', { key: '1' }), '1')).toBe(true);
    expect(matchesHotkey(new KeyboardEvent('keydown', { key: '1', ctrlKey: true }), '1')).toBe(
      false,
    );
    expect(
      matchesHotkey(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }), 'ctrl+enter'),
    ).toBe(true);
  });

  it('tells Ctrl+Z from Ctrl+Shift+Z, and lets Shift make a symbol', () => {
    const redo = new KeyboardEvent('keydown', { key: 'Z', ctrlKey: true, shiftKey: true });

    expect(matchesHotkey(redo, 'ctrl+z')).toBe(false);
    expect(matchesHotkey(redo, 'ctrl+shift+z')).toBe(true);
    expect(matchesHotkey(new KeyboardEvent('keydown', { key: '?', shiftKey: true }), '?')).toBe(
      true,
    );
  });

  it('leaves plain keys typed in a text field alone but runs Ctrl chords from it', () => {
    let plain = 0;
    let chord = 0;
    const { getAllByLabelText } = render(
      <>
        <Listener hotkey="1" onPress={() => (plain += 1)} />
        <Listener hotkey="ctrl+enter" onPress={() => (chord += 1)} />
      </>,
    );
    const field = getAllByLabelText('notes')[0] as HTMLTextAreaElement;

    press(field, { key: '1' });
    press(field, { key: 'Enter', ctrlKey: true });
    press(window, { key: '1' });

    expect(plain).toBe(1);
    expect(chord).toBe(1);
  });
});
