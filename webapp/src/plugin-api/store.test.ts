import { describe, expect, it } from 'vitest';

import { createAnnotationStore } from './store';

describe('createAnnotationStore', () => {
  it('adds, updates and removes items, telling subscribers each time', () => {
    const store = createAnnotationStore();
    let calls = 0;
    store.subscribe(() => (calls += 1));

    const added = store.add({
      from_name: 'box',
      to_name: 'img',
      type: 'rectanglelabels',
      value: {},
    });
    store.update(added.id, { x: 1 });
    store.remove(added.id);

    expect(added.id).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(calls).toBe(3);
    expect(store.serialize()).toEqual([]);
  });

  it('keeps one item per control and object with setSingle, and drops it on null', () => {
    const store = createAnnotationStore();

    store.setSingle('topic', 'text', 'choices', { choices: ['A'] });
    const first = store.getState().results[0];
    store.setSingle('topic', 'text', 'choices', { choices: ['B'] });

    expect(store.resultsOf('topic')).toEqual([
      {
        id: first?.id,
        from_name: 'topic',
        to_name: 'text',
        type: 'choices',
        value: { choices: ['B'] },
      },
    ]);
    store.setSingle('topic', 'text', 'choices', null);
    expect(store.resultsOf('topic')).toEqual([]);
  });

  it('forgets the selection when the selected item is removed', () => {
    const store = createAnnotationStore();
    const added = store.add({ from_name: 'l', to_name: 't', type: 'labels', value: {} });

    store.select(added.id);
    store.remove(added.id);

    expect(store.getState().selectedId).toBeNull();
  });

  it('gives a new state object on every change and the same one otherwise', () => {
    const store = createAnnotationStore();
    const before = store.getState();

    expect(store.getState()).toBe(before);
    store.setActiveLabel('ner', 'PER');
    expect(store.getState()).not.toBe(before);
    expect(store.getState().activeLabels).toEqual({ ner: 'PER' });
  });
});
