import type { ComponentType, ReactNode } from 'react';

import type { AnnotationStore } from './store';

/** One element of a label config, as the web UI parsed it. Attribute names keep their case. */
export interface ConfigNode {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly ConfigNode[];
}

/** A result item in Label Studio's format; geometry in percent, text offsets in code points. */
export interface ResultItem<Value extends object = Record<string, unknown>> {
  id: string;
  from_name: string;
  to_name: string;
  type: string;
  value: Value;
  origin?: string;
  score?: number;
  parentID?: string;
  original_width?: number;
  original_height?: number;
  image_rotation?: number;
}

/** A result item before the store gave it an id. */
export type NewResultItem<Value extends object = Record<string, unknown>> = Omit<
  ResultItem<Value>,
  'id'
> & { id?: string };

/** The task being labeled: its data, keyed as the config's `$key` references expect. */
export interface TaskView {
  readonly id?: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The whole config as renderers may consult it. */
export interface LabelConfigView {
  readonly root: ConfigNode;
  /** The element whose `name` attribute is `name`. */
  byName(name: string): ConfigNode | undefined;
  /** The control elements whose `toName` names the object `objectName`. */
  controlsFor(objectName: string): readonly ConfigNode[];
  /** The hotkey of an option (Choice, Label): its own `hotkey` or one handed out in order. */
  hotkeyFor(option: ConfigNode): string | undefined;
}

/** What every renderer is given. */
export interface TagProps {
  node: ConfigNode;
  task: TaskView;
  store: AnnotationStore;
  config: LabelConfigView;
  /** The tool that draws regions of the control tag `controlTag` on `objectTag`, if any. */
  regionToolFor(controlTag: string, objectTag: string): RegionTool | undefined;
  readOnly: boolean;
  /** The rendered children, for visual tags that lay out other tags (View). */
  children?: ReactNode;
}

export interface VisualTagRenderer {
  readonly kind: 'visual';
  readonly component: ComponentType<TagProps>;
  readonly description: string;
}

export interface ObjectTagRenderer {
  readonly kind: 'object';
  readonly component: ComponentType<TagProps>;
  readonly description: string;
}

export interface ControlTagRenderer {
  readonly kind: 'control';
  readonly component: ComponentType<TagProps>;
  readonly description: string;
  /** The `type` of the result items this control writes (Label Studio's lower-case name). */
  readonly resultType: string;
  /** The child tag that holds this control's options (`Choice`), if any. */
  readonly optionTag: string | undefined;
  /** Tools that draw this control's regions, keyed by the object tag they draw on. */
  readonly regionTools: Readonly<Record<string, RegionTool>>;
}

/** An option of a control (Choice, Label); its control renders it, so it has no component. */
export interface ChildTagRenderer {
  readonly kind: 'child';
  readonly description: string;
}

export type TagRenderer =
  VisualTagRenderer | ObjectTagRenderer | ControlTagRenderer | ChildTagRenderer;

/** A point or a rectangle in the pixels of the object's natural size (an image's width). */
export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** What a region tool is drawing between pointer down and pointer up. */
export interface RegionDraft {
  readonly start: Point;
  readonly current: Point;
}

export interface RegionShapeProps {
  item: ResultItem;
  /** The object's natural size in pixels; the item's geometry is in percent of it. */
  size: Size;
  /** How many screen pixels one natural pixel takes at the current zoom. */
  scale: number;
  selected: boolean;
  color: string;
  label: string;
  readOnly: boolean;
  onSelect(): void;
  onChange(value: Record<string, unknown>): void;
}

export interface DraftShapeProps {
  draft: RegionDraft;
  size: Size;
  scale: number;
  color: string;
}

/**
 * Draws one control's regions on one kind of object (boxes of RectangleLabels on an Image).
 * The object renderer owns the canvas and the pointer; the tool turns a drag into a value and
 * draws stored regions.
 */
export interface RegionTool {
  readonly kind: 'region-tool';
  /** The object tag this tool draws on, such as `Image`. */
  readonly objectTag: string;
  /** The result `type` of the regions it makes. */
  readonly resultType: string;
  /** The value of a finished drag, or `null` when the drag was too small to be a region. */
  valueFromDraft(draft: RegionDraft, size: Size): Record<string, unknown> | null;
  readonly Shape: ComponentType<RegionShapeProps>;
  readonly DraftShape: ComponentType<DraftShapeProps>;
}

/** The default export of a web module. */
export interface WebModuleExports {
  tags: Record<string, Partial<TagRenderer> & { kind: TagRenderer['kind'] }>;
}
