import { defineControlTag, useAnnotationState } from '@labelcore/plugin-api';
import type { ControlOption, RegionTool, TagProps } from '@labelcore/plugin-api';

import { BrushOptions } from '../Brush/BrushOptions';
import { LabelPicker } from '../Labels/LabelPicker';
import { OptionButton } from './OptionButton';

type ToolFactory = (resultType: string) => RegionTool;

/** A switch that turns drawing on the object on and off, for a control without labels. */
function ToolSwitch({ node, store, readOnly, title }: TagProps & { title: string }) {
  const name = node.attrs.name ?? '';
  const drawing = typeof useAnnotationState(store).activeLabels[name] === 'string';
  const option: ControlOption = {
    value: '',
    title,
    color: node.attrs.strokeColor ?? node.attrs.fillColor ?? '#4f46e5',
    hotkey: node.attrs.hotkey,
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
      {drawing && <BrushOptions node={node} />}
    </div>
  );
}

interface ShapeControlOptions {
  tool: ToolFactory;
  /** "Draw polygons": the words on the switch of the control without labels. */
  switchTitle: string;
  labeledDescription: string;
  plainDescription: string;
  /** Painting controls show brush size and eraser while active. */
  painting?: boolean;
}

/** The pair of controls of one shape: `<Shape>Labels` (with labels) and `<Shape>`. */
export function shapeControls(
  labeledType: string,
  plainType: string,
  options: ShapeControlOptions,
) {
  function Labeled(props: TagProps) {
    const active =
      typeof useAnnotationState(props.store).activeLabels[props.node.attrs.name ?? ''] === 'string';
    return (
      <LabelPicker {...props} resultType={labeledType}>
        {options.painting && active && <BrushOptions node={props.node} />}
      </LabelPicker>
    );
  }
  function Plain(props: TagProps) {
    return <ToolSwitch {...props} title={options.switchTitle} />;
  }

  const labeled = defineControlTag({
    component: Labeled,
    resultType: labeledType,
    optionTag: 'Label',
    regionTools: { Image: options.tool(labeledType) },
    description: options.labeledDescription,
  });
  const plain = defineControlTag({
    component: Plain,
    resultType: plainType,
    regionTools: { Image: options.tool(plainType) },
    description: options.plainDescription,
  });
  return { labeled, plain };
}
