import { describe, expect, it } from 'vitest';

import { buildRegistry } from '../registry/registry';
import { makeConfigView } from './configView';
import { parseConfig } from './parseConfig';

const Component = () => null;
const registry = buildRegistry([
  {
    plugin: 'templates',
    name: 'renderers.js',
    url: '/plugins/templates/renderers.js',
    exports: {
      default: {
        tags: {
          View: { kind: 'visual', component: Component },
          Text: { kind: 'object', component: Component },
          Choices: {
            kind: 'control',
            component: Component,
            resultType: 'choices',
            optionTag: 'Choice',
          },
          Labels: {
            kind: 'control',
            component: Component,
            resultType: 'labels',
            optionTag: 'Label',
          },
        },
      },
    },
  },
]);

const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG" hotkey="1"/></Labels>
  <Choices name="topic" toName="text"><Choice value="A"/><Choice value="B"/></Choices>
</View>`;

describe('makeConfigView', () => {
  const { root } = parseConfig(CONFIG);
  if (!root) throw new Error('the test config must parse');
  const view = makeConfigView(root, registry);

  it('finds the controls that label an object, in document order', () => {
    expect(view.controlsFor('text').map((node) => node.attrs.name)).toEqual(['ner', 'topic']);
    expect(view.controlsFor('nothing')).toEqual([]);
  });

  it('hands out free hotkeys in order and keeps the ones the config gives', () => {
    const options = [...view.controlsFor('text').flatMap((control) => control.children)];

    expect(options.map((option) => view.hotkeyFor(option))).toEqual(['2', '1', '3', '4']);
  });
});

describe('parseConfig', () => {
  it('reports an XML syntax error with its line', () => {
    const parsed = parseConfig('<View>\n  <Text name="t" value="$t">\n</View>');

    expect(parsed.root).toBeNull();
    expect(parsed.error?.message).toMatch(/^The config is not well-formed XML/);
    expect(parsed.error?.line).toBe(3);
  });
});
