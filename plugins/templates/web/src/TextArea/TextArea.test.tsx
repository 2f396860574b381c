// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { createAnnotationStore } from '@labelcore/plugin-api';
import type { ConfigNode } from '@labelcore/plugin-api';

import { addSubmission, textAreaRenderer } from './TextArea';

afterEach(cleanup);

function renderTextArea(attrs: Record<string, string>, children: ConfigNode[] = []) {
  const node: ConfigNode = {
    tag: 'TextArea',
    attrs: { name: 'note', toName: 'audio', ...attrs },
    children,
  };
  const store = createAnnotationStore();
  const Component = textAreaRenderer.component;
  render(
    <Component
      node={node}
      task={{ data: {} }}
      store={store}
      config={{
        root: node,
        byName: () => node,
        controlsFor: () => [node],
        hotkeyFor: () => undefined,
      }}
      regionToolFor={() => undefined}
      readOnly={false}
    />,
  );
  return store;
}

describe('addSubmission', () => {
  it('adds trimmed text, refuses blanks, and stops at the most allowed', () => {
    expect(addSubmission(['a'], '  b ', 0)).toEqual(['a', 'b']);
    expect(addSubmission(['a'], '   ', 0)).toEqual(['a']);
    expect(addSubmission(['a', 'b'], 'c', 2)).toEqual(['a', 'b']);
  });
});

describe('TextArea', () => {
  it('collects each Enter as a submission and hides the field at maxSubmissions', () => {
    const store = renderTextArea({ maxSubmissions: '2', placeholder: 'Say it' });
    const field = screen.getByLabelText('Say it');

    fireEvent.change(field, { target: { value: 'first' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    fireEvent.change(field, { target: { value: 'second' } });
    fireEvent.keyDown(field, { key: 'Enter' });

    expect(store.getState().results[0]?.value).toEqual({ text: ['first', 'second'] });
    expect(screen.queryByLabelText('Say it')).toBeNull();
    fireEvent.click(screen.getByLabelText('Remove note submission 1'));
    expect(store.getState().results[0]?.value).toEqual({ text: ['second'] });
  });

  it('keeps one text as typed without a submit button', () => {
    const store = renderTextArea({ placeholder: 'Caption' });

    fireEvent.change(screen.getByLabelText('Caption'), { target: { value: 'a cat' } });

    expect(store.getState().results[0]?.value).toEqual({ text: ['a cat'] });
  });

  it('inserts a shortcut’s text', () => {
    const shortcut: ConfigNode = {
      tag: 'Shortcut',
      attrs: { alias: 'Noise', value: '[noise]' },
      children: [],
    };
    const store = renderTextArea({ placeholder: 'Transcript' }, [shortcut]);

    fireEvent.click(screen.getByRole('button', { name: 'Noise' }));

    expect(store.getState().results[0]?.value).toEqual({ text: ['[noise]'] });
  });
});
