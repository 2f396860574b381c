// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { createAnnotationStore } from '@labelcore/plugin-api';
import type { ConfigNode, LabelConfigView } from '@labelcore/plugin-api';

import { choicesRenderer, toggleChoice } from './Choices';

afterEach(cleanup);

function choices(mode: string): ConfigNode {
  const option = (value: string): ConfigNode => ({ tag: 'Choice', attrs: { value }, children: [] });
  return {
    tag: 'Choices',
    attrs: { name: 'topic', toName: 'text', choice: mode },
    children: [option('Sports'), option('Politics')],
  };
}

function configFor(node: ConfigNode): LabelConfigView {
  const keys = new Map(node.children.map((child, index) => [child, String(index + 1)]));
  return {
    root: node,
    byName: () => node,
    controlsFor: () => [node],
    hotkeyFor: (option) => keys.get(option),
  };
}

function renderChoices(mode: string) {
  const node = choices(mode);
  const store = createAnnotationStore();
  const Component = choicesRenderer.component;
  render(
    <Component
      node={node}
      task={{ data: {} }}
      store={store}
      config={configFor(node)}
      regionToolFor={() => undefined}
      readOnly={false}
    />,
  );
  return store;
}

describe('toggleChoice', () => {
  it('keeps one choice in single mode and many in multiple mode', () => {
    expect(toggleChoice(['A'], 'B', false)).toEqual(['B']);
    expect(toggleChoice(['A'], 'B', true)).toEqual(['A', 'B']);
    expect(toggleChoice(['A', 'B'], 'A', true)).toEqual(['B']);
  });
});

describe('Choices', () => {
  it('writes a choices result when an option is clicked, and removes it on a second click', () => {
    const store = renderChoices('single');

    fireEvent.click(screen.getByRole('radio', { name: /Sports/ }));
    expect(store.serialize()).toMatchObject([
      { from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: ['Sports'] } },
    ]);

    fireEvent.click(screen.getByRole('radio', { name: /Sports/ }));
    expect(store.serialize()).toEqual([]);
  });

  it('answers to the hotkey of each option', () => {
    const store = renderChoices('multiple');

    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: '2' }));
      window.dispatchEvent(new KeyboardEvent('keydown', { key: '1' }));
    });

    expect(store.getState().results[0]?.value).toEqual({ choices: ['Politics', 'Sports'] });
    expect(screen.getByRole('checkbox', { name: /Politics/ }).getAttribute('aria-checked')).toBe(
      'true',
    );
  });
});
