import { describe, expect, it } from 'vitest';

import { buildRegistry } from './registry';
import type { LoadedWebModule } from './registry';

const Component = () => null;

function webModule(plugin: string, name: string, tags: Record<string, unknown>): LoadedWebModule {
  return { plugin, name, url: `/plugins/${plugin}/${name}`, exports: { default: { tags } } };
}

describe('buildRegistry', () => {
  it('merges the tags of every module', () => {
    const registry = buildRegistry([
      webModule('templates', 'renderers.js', { View: { kind: 'visual', component: Component } }),
      webModule('extra', 'slider.js', {
        Slider: { kind: 'control', component: Component, resultType: 'slider' },
      }),
    ]);

    expect([...registry.renderers.keys()]).toEqual(['View', 'Slider']);
    expect(registry.errors).toEqual([]);
  });

  it('refuses a second renderer of the same tag, keeps the first and says so', () => {
    const first = { kind: 'object', component: Component };
    const second = { kind: 'object', component: () => 'other' };

    const registry = buildRegistry([
      webModule('templates', 'renderers.js', { Text: first }),
      webModule('rogue', 'text.js', { Text: second }),
    ]);

    expect(registry.renderers.get('Text')?.source).toBe('templates/renderers.js');
    expect(registry.get('Text')).toMatchObject({ component: Component });
    expect(registry.errors).toEqual([
      "The tag 'Text' has a renderer in templates/renderers.js and another in rogue/text.js; " +
        'the second is refused. Uninstall or disable one of the two plugins.',
    ]);
  });

  it('fills the defaults of a control written as a plain object', () => {
    const registry = buildRegistry([
      webModule('extra', 'slider.js', {
        Slider: { kind: 'control', component: Component, resultType: 'slider' },
      }),
    ]);

    expect(registry.get('Slider')).toMatchObject({
      kind: 'control',
      optionTag: undefined,
      regionTools: {},
      description: '',
    });
  });

  it('reports a renderer without a component and one of an unknown kind', () => {
    const registry = buildRegistry([
      webModule('broken', 'bad.js', {
        Empty: { kind: 'object' },
        Odd: { kind: 'gadget', component: Component },
        Mute: { kind: 'control', component: Component },
      }),
    ]);

    expect(registry.renderers.size).toBe(0);
    expect(registry.errors).toEqual([
      "The renderer of 'Empty' has no component; expected a React component in 'component', " +
        'got undefined. Export { kind, component } for the tag. (in broken/bad.js)',
      `The renderer of 'Odd' has kind "gadget"; expected 'visual', 'object', 'control' or ` +
        `'child'. (in broken/bad.js)`,
      "The control renderer of 'Mute' has no resultType; expected the result 'type' it " +
        "writes, such as 'mute'. (in broken/bad.js)",
    ]);
  });

  it('reports a module that exports no tags', () => {
    const registry = buildRegistry([
      { plugin: 'empty', name: 'nothing.js', url: '/plugins/empty/nothing.js', exports: {} },
    ]);

    expect(registry.errors).toEqual([
      "The web module empty/nothing.js exports no tags; expected 'export default { tags: " +
        "{ TagName: renderer } }'.",
    ]);
  });

  it('finds a region tool by control tag and object tag', () => {
    const tool = { kind: 'region-tool', objectTag: 'Image', resultType: 'rectanglelabels' };
    const registry = buildRegistry([
      webModule('templates', 'renderers.js', {
        RectangleLabels: {
          kind: 'control',
          component: Component,
          resultType: 'rectanglelabels',
          regionTools: { Image: tool },
        },
      }),
    ]);

    expect(registry.regionToolFor('RectangleLabels', 'Image')).toBe(tool);
    expect(registry.regionToolFor('RectangleLabels', 'Video')).toBeUndefined();
    expect(registry.regionToolFor('Choices', 'Image')).toBeUndefined();
  });
});
