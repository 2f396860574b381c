import type { ComponentType, ReactNode } from 'react';

import type { AnnotationStore } from './store';

/** One element of a label config, as the web UI parsed it. Attribute names keep their case. */
export interface ConfigNode {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly ConfigNode[];
  /** The element's own text (the CSS of a Style tag); empty for most tags. */
  readonly text?: string;
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
  /** Which of several objects under one key (Image valueList) the region is on. */
  item_index?: number;
}

/** A link between two regions, as Label Studio writes it: an item with no control names. */
export interface RelationItem {
  from_id: string;
  to_id: string;
  type: 'relation';
  direction: 'right' | 'left' | 'bi';
  labels: string[];
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
  /** Result types the object writes itself as regions (a Chat's messages). */
  readonly regionTypes: readonly string[];
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
  /** Its results are regions (boxes, spans) that other results may attach to. */
  readonly createsRegions: boolean;
  /** Whether its options get automatic hotkeys (false for a large tree of choices). */
  readonly optionHotkeys: boolean;
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

/** A drag from pointer down to where the pointer is now, in natural pixels. */
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
  /** What the tool returned as its draft: its own shape of data. */
  draft: unknown;
  size: Size;
  scale: number;
  color: string;
}

/** What an object renderer tells a tool about the pointer's surroundings. */
export interface ToolContext {
  /** The control whose region is drawn (its attributes tune the tool). */
  control: ConfigNode;
  size: Size;
  scale: number;
  /** The selected region, if it is one of this tool's (a brush stroke adds to it). */
  selected: ResultItem | null;
  /** The label the control applies, '' for a control without labels. */
  label: string;
  /** The object's pixels, for tools that look at them (the magic wand); may be null. */
  pixels: ImageData | null;
}

/** What one pointer event or key did to the region being drawn. */
export interface ToolStep {
  /** The draft to keep drawing, or `null` when the drawing is over. */
  draft: unknown;
  /** A finished region's value (geometry in percent), when there is one. */
  value?: Record<string, unknown> | null;
  /** The value replaces the selected region's instead of making a new region. */
  replaceSelected?: boolean;
}

/**
 * Draws one control's regions on one kind of object (boxes of RectangleLabels on an Image).
 * The object renderer owns the canvas and the pointer and hands each event to the tool; the
 * tool's functions are pure, so each tool's state transitions can be tested without a canvas.
 * A tool that gives only `valueFromDraft` draws by dragging.
 */
export interface RegionTool {
  readonly kind: 'region-tool';
  /** The object tag this tool draws on, such as `Image`. */
  readonly objectTag: string;
  /** The result `type` of the regions it makes. */
  readonly resultType: string;
  /** The value of a finished drag, or `null` when the drag was too small to be a region. */
  valueFromDraft(draft: RegionDraft, size: Size): Record<string, unknown> | null;
  press(draft: unknown, point: Point, context: ToolContext): ToolStep;
  move(draft: unknown, point: Point, context: ToolContext): ToolStep;
  release(draft: unknown, point: Point, context: ToolContext): ToolStep;
  /** A key pressed while drawing (Enter, Escape, Backspace); `null` leaves it to others. */
  key(draft: unknown, key: string, context: ToolContext): ToolStep | null;
  readonly Shape: ComponentType<RegionShapeProps>;
  readonly DraftShape: ComponentType<DraftShapeProps>;
}

/** The default export of a web module. */
export interface WebModuleExports {
  tags: Record<string, Partial<TagRenderer> & { kind: TagRenderer['kind'] }>;
}
