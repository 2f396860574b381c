// The API a tag renderer may import as '@labelcore/plugin-api'. The page loads this module
// once through its import map, so every renderer shares its store and hooks with the app.
export { optionColor, withAlpha } from './colors';
export { isTrue, parseStyle, resolveData } from './data';
export {
  defineChildTag,
  defineControlTag,
  defineObjectTag,
  defineRegionTool,
  defineVisualTag,
  normalizeRenderer,
  RendererError,
} from './define';
export { matchesHotkey, useHotkey } from './hotkeys';
export { controlOptions } from './options';
export type { ControlOption } from './options';
export { codePointToUtf16, sliceCodePoints, spanFromUtf16, utf16ToCodePoint } from './spans';
export type { SpanValue } from './spans';
export { createAnnotationStore, newResultId, useAnnotationState, useControlResults } from './store';
export type { AnnotationState, AnnotationStore } from './store';
export type {
  ChildTagRenderer,
  ConfigNode,
  ControlTagRenderer,
  DraftShapeProps,
  LabelConfigView,
  NewResultItem,
  ObjectTagRenderer,
  Point,
  RegionDraft,
  RegionShapeProps,
  RegionTool,
  ResultItem,
  Size,
  TagProps,
  TagRenderer,
  TaskView,
  VisualTagRenderer,
  WebModuleExports,
} from './types';
