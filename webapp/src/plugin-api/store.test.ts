import { describe, expect, it } from 'vitest';

import { createAnnotationStore, regionScope } from './store';

describe('createAnnotationStore', () => {
  it('writes the image view rotation into every item on that image, outside undo', () => {
    const store = createAnnotationStore([], { regionTypes: ['rectanglelabels'] });
    const box = store.add({
      from_name: 'box',
      to_name: 'photo',
      type: 'rectanglelabels',
      value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Cat'] },
      original_width: 640,
      original_height: 480,
      image_rotation: 0,
    });
    store.add({ id: box.id, from_name: 'seen', to_name: 'photo', type: 'choices', value: {} });
    store.setSingle('caption', 'text', 'textarea', { text: ['hi'] });
    const before = store.getState().revision;

    store.setImageRotation('photo', 90);
    store.undo();

    expect(store.getState().revision).toBeGreaterThan(before);
    expect(store.imageRotationOf('photo')).toBe(90);
    const serialized = store.serialize() as { from_name: string; image_rotation?: number }[];
    const rotations = Object.fromEntries(
      serialized.map((each) => [each.from_name, each.image_rotation]),
    );
    expect(rotations).toEqual({ box: 90, seen: 90 });
  });

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

const box = (id: string, x = 10) => ({
  id,
  from_name: 'box',
  to_name: 'img',
  type: 'rectanglelabels',
  value: { x, y: 10, width: 5, height: 5, rotation: 0, rectanglelabels: ['Cat'] },
});

describe('undo and redo', () => {
  it('steps back and forth through changes', () => {
    const store = createAnnotationStore();
    store.add(box('a'));
    store.add(box('b'));

    store.undo();
    expect(store.serialize().map((item) => ('id' in item ? item.id : ''))).toEqual(['a']);
    store.undo();
    expect(store.serialize()).toEqual([]);
    expect(store.getState().canUndo).toBe(false);
    store.redo();
    store.redo();
    expect(store.serialize()).toHaveLength(2);
    expect(store.getState().canRedo).toBe(false);
  });

  it('makes one step of quick changes to one field, and a new change forgets the redo', () => {
    const store = createAnnotationStore();
    for (const text of ['a', 'ab', 'abc'])
      store.setSingle('note', 'text', 'textarea', { text: [text] });
    store.undo();
    expect(store.serialize()).toEqual([]);

    store.redo();
    store.setSingle('topic', 'text', 'choices', { choices: ['A'] });
    expect(store.getState().canRedo).toBe(false);
  });

  it('keeps a selection only while its region exists', () => {
    const store = createAnnotationStore();
    store.add(box('a'));
    store.select('a');
    store.undo();
    expect(store.getState().selectedId).toBeNull();
  });
});

describe('regions', () => {
  it('removes a region with its per-region answers and its relations', () => {
    const store = createAnnotationStore([box('a'), box('b')], { regionTypes: ['rectanglelabels'] });
    regionScope(store, 'a').setSingle('kind', 'img', 'choices', { choices: ['Big'] });
    store.addRelation('a', 'b');

    store.remove('a');

    expect(store.serialize()).toEqual([box('b')]);
  });

  it('gives a per-region answer its region id and geometry, kept up to date', () => {
    const store = createAnnotationStore([box('a')], { regionTypes: ['rectanglelabels'] });
    const scoped = regionScope(store, 'a');
    scoped.setSingle('kind', 'ignored', 'choices', { choices: ['Big'] });
    store.update('a', { ...box('a', 30).value });

    const attached = store
      .serialize()
      .find((item) => 'from_name' in item && item.from_name === 'kind');
    expect(attached).toMatchObject({
      id: 'a',
      to_name: 'img',
      type: 'choices',
      value: { choices: ['Big'], x: 30, y: 10, width: 5, height: 5, rotation: 0 },
    });
    expect(scoped.resultsOf('kind')).toHaveLength(1);
    expect(scoped.getState().results.every((item) => item.from_name === 'kind')).toBe(true);
  });

  it('drops one per-region answer and keeps the region', () => {
    const store = createAnnotationStore([box('a')], { regionTypes: ['rectanglelabels'] });
    const scoped = regionScope(store, 'a');
    scoped.setSingle('kind', 'img', 'choices', { choices: ['Big'] });
    scoped.setSingle('kind', 'img', 'choices', null);

    expect(store.serialize()).toEqual([box('a')]);
  });

  it('marks a changed predicted region as prediction-changed', () => {
    const store = createAnnotationStore([{ ...box('a'), origin: 'prediction' }]);
    store.update('a', { ...box('a', 50).value });

    expect(store.getState().results[0]?.origin).toBe('prediction-changed');
  });

  it('relates two regions once, turns and labels the relation', () => {
    const store = createAnnotationStore([box('a'), box('b')]);
    store.startLinking('a');
    store.addRelation('a', 'b');
    store.addRelation('a', 'b');
    store.updateRelation(0, { direction: 'bi', labels: ['near'] });

    expect(store.getState().linkingFrom).toBeNull();
    expect(store.serialize().slice(2)).toEqual([
      { from_id: 'a', to_id: 'b', type: 'relation', direction: 'bi', labels: ['near'] },
    ]);
  });

  it('hides and locks regions, and a hidden region is put down', () => {
    const store = createAnnotationStore([box('a')]);
    store.select('a');
    store.toggleHidden('a');
    store.toggleLocked('a');

    expect(store.getState()).toMatchObject({
      hiddenIds: ['a'],
      lockedIds: ['a'],
      selectedId: null,
    });
  });

  it('loads items as a fresh start without history', () => {
    const store = createAnnotationStore();
    store.add(box('a'));
    store.load([
      box('b'),
      { from_id: 'b', to_id: 'b', type: 'relation', direction: 'right', labels: [] },
    ]);

    expect(store.getState().canUndo).toBe(false);
    expect(store.getState().relations).toHaveLength(1);
  });
});

describe('active labels', () => {
  it('keeps one label and one tool switch on, the latest last', () => {
    const store = createAnnotationStore();
    store.setActiveLabel('ner', 'PER');
    store.setActiveLabel('bbox', '');
    store.setActiveLabel('poly', '');
    store.setActiveLabel('kind', 'Text');

    expect(store.getState().activeLabels).toEqual({
      ner: null,
      bbox: null,
      poly: '',
      kind: 'Text',
    });
    expect(Object.keys(store.getState().activeLabels).at(-1)).toBe('kind');
  });
});
