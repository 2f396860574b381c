import { describe, expect, it } from 'vitest';

import type { ConfigNode } from '@labelcore/plugin-api';

import { filterTree, taxonomyTree, togglePath } from './tree';

const choice = (value: string, children: ConfigNode[] = []): ConfigNode => ({
  tag: 'Choice',
  attrs: { value },
  children,
});
const TREE = taxonomyTree([
  choice('Animals', [choice('Cats'), choice('Dogs', [choice('Collie')])]),
  choice('Plants'),
]);

describe('taxonomy', () => {
  it('gives each choice its path of values', () => {
    expect(TREE[0]?.children[1]?.children[0]?.path).toEqual(['Animals', 'Dogs', 'Collie']);
  });

  it('keeps the ancestors of what the search finds', () => {
    const found = filterTree(TREE, 'coll');

    expect(found.map((node) => node.title)).toEqual(['Animals']);
    expect(found[0]?.children.map((node) => node.title)).toEqual(['Dogs']);
  });

  it('toggles paths, one at most when single', () => {
    const chosen = togglePath([], ['Animals', 'Cats'], false);

    expect(togglePath(chosen, ['Plants'], false)).toEqual([['Animals', 'Cats'], ['Plants']]);
    expect(togglePath(chosen, ['Plants'], true)).toEqual([['Plants']]);
    expect(togglePath(chosen, ['Animals', 'Cats'], false)).toEqual([]);
  });
});
