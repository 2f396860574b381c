import { defineControlTag, useAnnotationState } from '@labelcore/plugin-api';
import type { ControlOption, TagProps } from '@labelcore/plugin-api';

import { boxTool } from '../Image/rectangleTool';
import { OptionButton } from '../shared/OptionButton';

/** Boxes without labels: one switch turns drawing on the image on and off. */
function RectangleTag({ node, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const drawing = typeof useAnnotationState(store).activeLabels[name] === 'string';
  const option: ControlOption = {
    value: '',
    title: 'Draw boxes',
    color: node.attrs.strokeColor ?? '#4f46e5',
    hotkey: undefined,
    node,
  };

  return (
    <div className="lc-labels lc-inline" data-name={name}>
      <OptionButton
        option={option}
        role="switch"
        checked={drawing}
        disabled={readOnly}
        onToggle={() => {
          const on = typeof store.getState().activeLabels[name] === 'string';
          store.setActiveLabel(name, on ? null : '');
        }}
      />
    </div>
  );
}

export const rectangleRenderer = defineControlTag({
  component: RectangleTag,
  resultType: 'rectangle',
  regionTools: { Image: boxTool('rectangle') },
  description: 'Boxes on an Image without labels.',
});
