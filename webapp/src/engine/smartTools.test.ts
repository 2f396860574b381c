import { describe, expect, it } from 'vitest';

import { createAnnotationStore } from '@labelcore/plugin-api';
import type { ResultItem } from '@labelcore/plugin-api';

import { SmartSession } from './smartTools';
import type { AskModel, InteractiveQuestion } from './smartTools';

// A model that answers a box around each keypoint it is asked about, as a point-prompted
// segmenter would; it remembers the questions.
function boxFinder(questions: InteractiveQuestion[]): AskModel {
  return (_backendId, question) => {
    questions.push(question);
    const result = question.context.result.map((point) => ({
      id: 'from-model',
      from_name: 'box',
      to_name: 'photo',
      type: 'rectanglelabels',
      value: {
        x: (point.value.x as number) - 5,
        y: (point.value.y as number) - 5,
        width: 10,
        height: 10,
        rotation: 0,
        rectanglelabels: ['Cat'],
      },
    }));
    return Promise.resolve({ result, score: 0.8, model_version: 'finder-2' });
  };
}

function drawPoint(store: ReturnType<typeof createAnnotationStore>, x: number): ResultItem {
  return store.add({
    from_name: 'point',
    to_name: 'photo',
    type: 'keypointlabels',
    value: { x, y: 40, width: 1, keypointlabels: ['Cat here'] },
    origin: 'manual',
    original_width: 640,
    original_height: 480,
  });
}

const regionTypes = ['keypointlabels', 'rectanglelabels'];

describe('SmartSession', () => {
  it('asks about the drawn region and puts the answer in its place, pending', async () => {
    const store = createAnnotationStore([], { regionTypes });
    const questions: InteractiveQuestion[] = [];
    const session = new SmartSession(store, 7, 3, boxFinder(questions));
    const point = drawPoint(store, 30);

    await session.ask(point);

    expect(questions).toHaveLength(1);
    expect(questions[0]?.task).toBe(7);
    expect(questions[0]?.context.result.map((item) => item.id)).toEqual([point.id]);
    const [box] = store.getState().results;
    expect(store.getState().results).toHaveLength(1);
    expect(box?.type).toBe('rectanglelabels');
    expect(box?.origin).toBe('prediction');
    expect(box?.id).not.toBe('from-model');
    expect(session.getState()).toMatchObject({
      asking: null,
      suggested: [box?.id],
      modelVersion: 'finder-2',
      error: null,
    });
    expect(session.withoutPending(store.serialize())).toEqual([]);
  });

  it('keeps accepted suggestions and takes rejected ones away', async () => {
    const store = createAnnotationStore([], { regionTypes });
    const session = new SmartSession(store, 7, 3, boxFinder([]));
    await session.ask(drawPoint(store, 20));
    const [kept] = session.getState().suggested;
    session.accept();
    await session.ask(drawPoint(store, 60));

    session.reject();

    expect(store.getState().results.map((item) => item.id)).toEqual([kept]);
    expect(session.getState().suggested).toEqual([]);
    expect(session.withoutPending(store.serialize())).toHaveLength(1);
  });

  it('leaves the drawn region and says why when the model fails', async () => {
    const store = createAnnotationStore([], { regionTypes });
    const failing: AskModel = () => Promise.reject(new Error('HTTP 502 from the backend'));
    const session = new SmartSession(store, 7, 3, failing);
    const point = drawPoint(store, 30);

    await session.ask(point);

    expect(store.getState().results.map((item) => item.id)).toEqual([point.id]);
    expect(session.getState().error).toContain('HTTP 502 from the backend');
  });

  it('keeps the items of one suggested region together, and items without ids apart', async () => {
    const store = createAnnotationStore([], { regionTypes });
    const box = (x: number) => ({ x, y: 5, width: 10, height: 10, rotation: 0 });
    const model: AskModel = () =>
      Promise.resolve({
        result: [
          {
            id: 'r1',
            from_name: 'box',
            to_name: 'photo',
            type: 'rectanglelabels',
            value: { ...box(5), rectanglelabels: ['Cat'] },
          },
          {
            id: 'r1',
            from_name: 'note',
            to_name: 'photo',
            type: 'textarea',
            value: { ...box(5), text: ['tabby'] },
          },
          {
            from_name: 'box',
            to_name: 'photo',
            type: 'rectanglelabels',
            value: { ...box(50), rectanglelabels: ['Cat'] },
          },
          {
            from_name: 'box',
            to_name: 'photo',
            type: 'rectanglelabels',
            value: { ...box(70), rectanglelabels: ['Cat'] },
          },
        ] as ResultItem[],
        score: null,
        model_version: 'finder-3',
      });
    const session = new SmartSession(store, 7, 3, model);

    await session.ask(drawPoint(store, 30));

    const results = store.getState().results;
    expect(results).toHaveLength(4);
    expect(new Set(results.map((item) => item.id)).size).toBe(3);
    expect(results[0]?.id).toBe(results[1]?.id);
    expect(session.getState().suggested).toHaveLength(3);
  });

  it('keeps the drawn region when the model suggests nothing', async () => {
    const store = createAnnotationStore([], { regionTypes });
    const silent: AskModel = () =>
      Promise.resolve({ result: [], score: null, model_version: 'finder-3' });
    const session = new SmartSession(store, 7, 3, silent);
    const point = drawPoint(store, 30);

    await session.ask(point);

    expect(store.getState().results.map((item) => item.id)).toEqual([point.id]);
    expect(session.getState().error).toBe('The ML backend suggested no region here.');
  });

  it('accepts at once when asked to, leaving nothing pending', async () => {
    const store = createAnnotationStore([], { regionTypes });
    const session = new SmartSession(store, 7, 3, boxFinder([]));

    await session.ask(drawPoint(store, 30), true);

    expect(session.getState().suggested).toEqual([]);
    expect(session.withoutPending(store.serialize())).toHaveLength(1);
  });
});
