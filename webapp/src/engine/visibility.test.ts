import { describe, expect, it } from 'vitest';

import { createAnnotationStore, regionScope } from '@labelcore/plugin-api';

import { buildRegistry } from '../registry/registry';
import { makeConfigView } from './configView';
import { parseConfig } from './parseConfig';
import { expandRepeaters } from './repeater';
import { missingAnswers, submittedItems } from './required';
import { isShown, shownControls } from './visibility';

const Component = () => null;
const control = (resultType: string, extra: Record<string, unknown> = {}) => ({
  kind: 'control',
  component: Component,
  resultType,
  ...extra,
});
const registry = buildRegistry([
  {
    plugin: 'templates',
    name: 'renderers.js',
    url: '/plugins/templates/renderers.js',
    exports: {
      default: {
        tags: {
          View: { kind: 'visual', component: Component },
          Image: { kind: 'object', component: Component },
          Choices: control('choices', { optionTag: 'Choice' }),
          Choice: { kind: 'child' },
          TextArea: control('textarea'),
          RectangleLabels: control('rectanglelabels', { optionTag: 'Label', createsRegions: true }),
        },
      },
    },
  },
]);

const CONFIG = `<View>
  <Image name="img" value="$image"/>
  <RectangleLabels name="box" toName="img"><Label value="Cat"/><Label value="Dog"/></RectangleLabels>
  <Choices name="kind" toName="img" required="true"><Choice value="Indoor"/><Choice value="Outdoor"/></Choices>
  <View visibleWhen="choice-selected" whenTagName="kind" whenChoiceValue="Outdoor">
    <TextArea name="weather" toName="img" required="true"/>
  </View>
  <Choices name="breed" toName="img" perRegion="true" whenLabelValue="Dog" required="true">
    <Choice value="Collie"/>
  </Choices>
</View>`;

function setUp() {
  const root = parseConfig(CONFIG).root;
  if (!root) throw new Error('the test config must parse');
  const config = makeConfigView(root, registry);
  const store = createAnnotationStore([], { regionTypes: config.regionTypes });
  const node = (name: string) => {
    const found = config.byName(name);
    if (!found) throw new Error(name);
    return found;
  };
  const region = (id: string, label: string) =>
    store.add({
      id,
      from_name: 'box',
      to_name: 'img',
      type: 'rectanglelabels',
      value: { x: 1, y: 1, width: 2, height: 2, rotation: 0, rectanglelabels: [label] },
    });
  return { config, store, node, region };
}

describe('visibility', () => {
  it('shows a view only while its choice is chosen', () => {
    const { config, store, node } = setUp();
    const view = config.root.children[3];
    if (!view) throw new Error('view');

    expect(isShown(view, store.getState(), config)).toBe(false);
    store.setSingle('kind', 'img', 'choices', { choices: ['Outdoor'] });
    expect(isShown(view, store.getState(), config)).toBe(true);
    expect(shownControls(config, store.getState()).has(node('weather'))).toBe(true);
    store.setSingle('kind', 'img', 'choices', { choices: ['Indoor'] });
    expect(shownControls(config, store.getState()).has(node('weather'))).toBe(false);
  });

  it('shows a per-region control for a selected region with its label only', () => {
    const { config, store, node, region } = setUp();
    region('cat', 'Cat');
    region('dog', 'Dog');

    expect(isShown(node('breed'), store.getState(), config)).toBe(false);
    store.select('cat');
    expect(isShown(node('breed'), store.getState(), config)).toBe(false);
    store.select('dog');
    expect(isShown(node('breed'), store.getState(), config)).toBe(true);
  });
});

describe('required answers', () => {
  it('asks for each required control shown, and each fitting region', () => {
    const { config, store, region } = setUp();
    region('dog', 'Dog');
    region('cat', 'Cat');
    const missing = () =>
      missingAnswers(config, store.getState(), shownControls(config, store.getState())).map(
        (gap) => [gap.control.attrs.name, gap.regionId],
      );

    expect(missing()).toEqual([
      ['kind', null],
      ['breed', 'dog'],
    ]);
    store.setSingle('kind', 'img', 'choices', { choices: ['Outdoor'] });
    regionScope(store, 'dog').setSingle('breed', 'img', 'choices', { choices: ['Collie'] });
    expect(missing()).toEqual([['weather', null]]);
  });

  it('leaves out the answers of a control its rule hides', () => {
    const { config, store } = setUp();
    store.setSingle('kind', 'img', 'choices', { choices: ['Outdoor'] });
    store.setSingle('weather', 'img', 'textarea', { text: ['sunny'] });
    store.setSingle('kind', 'img', 'choices', { choices: ['Indoor'] });

    const sent = submittedItems(store.serialize(), config, shownControls(config, store.getState()));
    expect(sent.map((item) => ('from_name' in item ? item.from_name : ''))).toEqual(['kind']);
  });

  it('uses the config’s requiredMessage', () => {
    const root = parseConfig(
      '<View><Image name="img" value="$i"/><TextArea name="t" toName="img" required="true" requiredMessage="Describe the photo."/></View>',
    ).root;
    if (!root) throw new Error('parse');
    const config = makeConfigView(root, registry);
    const store = createAnnotationStore();

    const [gap] = missingAnswers(config, store.getState(), shownControls(config, store.getState()));
    expect(gap?.message).toBe('Describe the photo.');
  });
});

describe('expandRepeaters', () => {
  it('unrolls the children once per item with the index in every attribute', () => {
    const root = parseConfig(
      '<View><Repeater on="$pages" indexFlag="{{idx}}"><Image name="page_{{idx}}" value="$pages[{{idx}}].url"/></Repeater></View>',
    ).root;
    if (!root) throw new Error('parse');

    const expanded = expandRepeaters(root, { pages: [{ url: 'a' }, { url: 'b' }] });
    const images = expanded.children[0]?.children.map((copy) => copy.children[0]?.attrs);
    expect(images).toEqual([
      { name: 'page_0', value: '$pages[0].url' },
      { name: 'page_1', value: '$pages[1].url' },
    ]);
  });
});
