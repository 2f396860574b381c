// The API a tag renderer may import as '@labelcore/plugin-api'. The page loads this module
// once through its import map, so every renderer shares its store and hooks with the app.
export { regionAnchor, setRegionAnchor } from './anchors';
export { optionColor, withAlpha } from './colors';
export { interpolateData, isTrue, parseStyle, resolveData } from './data';
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
export { controlOptions, dynamicOptionNodes } from './options';
export { serverSettings, setServerSettings } from './serverSettings';
export type { ServerSettings } from './serverSettings';
export type { ControlOption } from './options';
export {
  codePointToUtf16,
  createOffsetIndex,
  sliceCodePoints,
  spanFromUtf16,
  utf16ToCodePoint,
} from './spans';
export type { OffsetIndex, SpanValue } from './spans';
export {
  createAnnotationStore,
  isRelation,
  newResultId,
  regionScope,
  useAnnotationState,
  useControlResults,
} from './store';
export type { AnnotationState, AnnotationStore, StoreOptions } from './store';
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
  RelationItem,
  ResultItem,
  Size,
  TagProps,
  TagRenderer,
  TaskView,
  ToolContext,
  ToolStep,
  VisualTagRenderer,
  WebModuleExports,
} from './types';
