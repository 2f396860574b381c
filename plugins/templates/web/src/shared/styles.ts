// The renderers' own look, added to the page once when the module loads, so the module is
// all a page needs. Colours come from the web UI's variables, with fallbacks for any page.
const CSS = `
.lc-view { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.lc-view-inline { flex-direction: row; flex-wrap: wrap; align-items: flex-start; }
.lc-header { font-weight: 600; color: var(--text, #111827); margin-top: 4px; }
.lc-header-1 { font-size: 1.6rem; } .lc-header-2 { font-size: 1.35rem; }
.lc-header-3 { font-size: 1.15rem; } .lc-header-4 { font-size: 1rem; }
.lc-header-5, .lc-header-6 { font-size: 0.9rem; }
.lc-choices, .lc-labels { display: flex; flex-direction: column; align-items: flex-start; gap: 6px; }
.lc-inline { flex-direction: row; flex-wrap: wrap; }
.lc-option {
  display: inline-flex; align-items: center; gap: 8px; padding: 6px 10px 6px 8px;
  border: 1px solid var(--border, #d1d5db); border-radius: 8px; background: var(--surface, #fff);
  color: var(--text, #111827); font: inherit; font-size: 0.92rem; cursor: pointer;
  transition: background 0.12s, border-color 0.12s, box-shadow 0.12s;
}
.lc-option:hover:not(:disabled) { border-color: var(--lc-option-color); }
.lc-option:focus-visible { outline: 2px solid var(--lc-option-color); outline-offset: 1px; }
.lc-option:disabled { cursor: default; opacity: 0.7; }
.lc-option-checked {
  border-color: var(--lc-option-color); background: var(--lc-option-tint);
  box-shadow: inset 0 0 0 1px var(--lc-option-color);
}
.lc-option-dot {
  width: 10px; height: 10px; border-radius: 50%; border: 2px solid var(--lc-option-color);
  box-sizing: border-box;
}
.lc-option-checked .lc-option-dot { background: var(--lc-option-color); }
.lc-option-key {
  font: 0.72rem ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted, #6b7280);
  border: 1px solid var(--border, #d1d5db); border-bottom-width: 2px; border-radius: 4px;
  padding: 0 4px; background: var(--surface-2, #f9fafb);
}
.lc-text-hint, .lc-image-hint { font-size: 0.82rem; color: var(--muted, #6b7280); }
.lc-text-body {
  white-space: pre-wrap; line-height: 1.9; font-size: 1rem; color: var(--text, #111827);
  padding: 12px 14px; border: 1px solid var(--border, #e5e7eb); border-radius: 8px;
  background: var(--surface, #fff); overflow-wrap: anywhere;
}
.lc-text-body[contenteditable] { caret-color: var(--accent, #4f46e5); outline: none; }
.lc-text-body[contenteditable]:focus-visible { box-shadow: 0 0 0 2px var(--accent-soft, #c7d2fe); }
.lc-text-block { content-visibility: auto; contain-intrinsic-size: auto 120px; }
.lc-span {
  color: inherit; border-bottom: 2px solid; border-radius: 3px; padding: 1px 0; cursor: pointer;
}
.lc-span-selected { outline: 2px solid var(--lc-label-color); outline-offset: 1px; }
.lc-span[data-label]::after {
  content: attr(data-label); font-size: 0.66rem; font-weight: 600; color: #fff;
  background: var(--lc-label-color); border-radius: 3px; padding: 1px 4px; margin-left: 3px;
  vertical-align: super; line-height: 1; user-select: none;
}
.lc-image { display: flex; flex-direction: column; gap: 6px; min-width: 0; }
.lc-image-toolbar { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.lc-image-toolbar button {
  min-width: 30px; height: 28px; border: 1px solid var(--border, #d1d5db); border-radius: 6px;
  background: var(--surface, #fff); cursor: pointer; font: inherit; font-size: 0.85rem;
}
.lc-image-toolbar button:hover { background: var(--surface-2, #f3f4f6); }
.lc-image-zoom { font-variant-numeric: tabular-nums; font-size: 0.82rem; min-width: 44px; text-align: center; }
.lc-image-hint { margin-left: 6px; }
.lc-image-canvas { position: relative; width: 100%; touch-action: none; user-select: none; }
.lc-image-stage {
  margin: 0 auto; overflow: hidden; border-radius: 8px;
  background: repeating-conic-gradient(#f3f4f6 0% 25%, #e5e7eb 0% 50%) 0 0 / 20px 20px;
}
.lc-error { color: #b91c1c; padding: 12px; }
.lc-textarea {
  width: 100%; box-sizing: border-box; font: inherit; padding: 8px 10px; border-radius: 8px;
  border: 1px solid var(--border, #d1d5db); background: var(--surface, #fff); resize: vertical;
}
.lc-textarea:focus { outline: 2px solid var(--accent, #4f46e5); outline-offset: -1px; }
.lc-image-pages { display: inline-flex; align-items: center; gap: 4px; margin-right: 6px; }
.lc-image-adjust { display: inline-flex; align-items: center; gap: 4px; font-size: 0.85rem; }
.lc-image-adjust input { width: 70px; }
.lc-image-toolbar button[aria-pressed='true'] { background: var(--accent-soft, #eef2ff); border-color: var(--accent, #4f46e5); }
.lc-brush-options { display: inline-flex; align-items: center; gap: 8px; font-size: 0.85rem; }
.lc-brush-options label { display: inline-flex; align-items: center; gap: 6px; }
.lc-select, .lc-number input, .lc-datetime input, .lc-filter, .lc-taxonomy-search {
  font: inherit; padding: 6px 8px; border-radius: 8px; border: 1px solid var(--border, #d1d5db);
  background: var(--surface, #fff); min-width: 12em;
}
.lc-field-error { color: #b91c1c; font-size: 0.82rem; margin-left: 8px; }
.lc-rating { display: inline-flex; gap: 2px; }
.lc-rating-star { border: 0; background: none; font-size: 1.5rem; color: #d1d5db; cursor: pointer; padding: 0 2px; }
.lc-rating-star.on { color: #f59e0b; }
.lc-pairwise { display: flex; gap: 12px; }
.lc-taxonomy { display: flex; flex-direction: column; gap: 6px; }
.lc-taxonomy-tree, .lc-taxonomy-tree ul { list-style: none; margin: 0; padding-left: 14px; }
.lc-taxonomy-tree { padding-left: 0; max-height: 320px; overflow: auto; }
.lc-taxonomy-row { display: flex; align-items: center; gap: 4px; }
.lc-taxonomy-fold { width: 18px; border: 0; background: none; cursor: pointer; padding: 0; }
.lc-taxonomy-chosen { display: flex; flex-wrap: wrap; gap: 4px; }
.lc-chip { display: inline-flex; align-items: center; gap: 4px; background: var(--accent-soft, #eef2ff); border-radius: 999px; padding: 2px 8px; font-size: 0.85rem; }
.lc-chip button { border: 0; background: none; cursor: pointer; }
.lc-ranker { display: flex; gap: 12px; align-items: flex-start; flex-wrap: wrap; }
.lc-bucket { flex: 1 1 200px; border: 1px dashed var(--border, #d1d5db); border-radius: 8px; padding: 8px; min-height: 80px; }
.lc-bucket h4 { margin: 0 0 6px; font-size: 0.85rem; }
.lc-bucket ol { margin: 0; padding-left: 20px; display: flex; flex-direction: column; gap: 4px; }
.lc-bucket li { background: var(--surface, #fff); border: 1px solid var(--border, #e5e7eb); border-radius: 6px; padding: 4px 8px; cursor: grab; display: flex; flex-direction: column; }
.lc-bucket li.is-dragging { opacity: 0.4; }
.lc-ranker-body { font-size: 0.85rem; color: var(--muted, #6b7280); }
.lc-ranker-keys { align-self: flex-end; }
.lc-ranker-keys button { border: 0; background: none; cursor: pointer; }
.lc-table { border-collapse: collapse; font-size: 0.9rem; }
.lc-table th, .lc-table td { border: 1px solid var(--border, #e5e7eb); padding: 4px 8px; text-align: left; }
.lc-panel { border: 1px solid var(--border, #e5e7eb); border-radius: 8px; padding: 6px 10px; }
.lc-panel summary { cursor: pointer; font-weight: 600; }
.lc-panel-body { padding-top: 8px; display: flex; flex-direction: column; gap: 10px; }
.lc-collapse { display: flex; flex-direction: column; gap: 6px; }
.lc-paged-bar { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
.lc-paragraphs { display: flex; flex-direction: column; gap: 6px; line-height: 1.8; }
.lc-paragraph { padding: 4px 8px; border-radius: 6px; }
.lc-dialogue .lc-paragraph { background: var(--surface-2, #f9fafb); }
.lc-paragraph-author { font-weight: 600; margin-right: 8px; }
.lc-hypertext { line-height: 1.7; overflow-wrap: anywhere; }
.lc-markdown { line-height: 1.6; }
.lc-loading { color: var(--muted, #6b7280); font-size: 0.85rem; }
.lc-chat { display: flex; flex-direction: column; gap: 6px; }
.lc-chat-message { padding: 6px 10px; border-radius: 8px; background: var(--surface-2, #f3f4f6); max-width: 80%; }
.lc-chat-user { align-self: flex-end; background: var(--accent-soft, #eef2ff); }
.lc-chat-role { display: block; font-size: 0.72rem; color: var(--muted, #6b7280); text-transform: uppercase; }
.lc-chat-composer { display: flex; gap: 6px; }
.lc-chat-added { border: 1px solid transparent; text-align: left; font: inherit; cursor: pointer; }
.lc-chat-selected { border-color: var(--accent, #4f46e5); }
.lc-chat-composer textarea { flex: 1; font: inherit; }
.lc-audio-bar, .lc-video-bar { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; font-size: 0.85rem; }
.lc-audio-bar button, .lc-video-bar button { min-width: 30px; height: 28px; border: 1px solid var(--border, #d1d5db); border-radius: 6px; background: var(--surface, #fff); cursor: pointer; }
.lc-waveform { min-height: 96px; }
.lc-video-frame { position: relative; display: inline-block; max-width: 100%; }
.lc-video-element { display: block; max-width: 100%; max-height: 520px; }
.lc-video-overlay { position: absolute; inset: 0; }
.lc-timeline { position: relative; height: 28px; background: var(--surface-2, #f3f4f6); border-radius: 6px; margin-top: 6px; cursor: crosshair; }
.lc-timeline-cursor { position: absolute; top: 0; bottom: 0; width: 2px; background: #ef4444; pointer-events: none; }
.lc-timeline-range { position: absolute; top: 4px; bottom: 4px; border: 0; border-radius: 4px; padding: 0; cursor: pointer; }
.lc-timeline-draft { background: rgba(79, 70, 229, 0.35); pointer-events: none; }
.lc-timeseries-overview { margin-top: 4px; }
.lc-pdf-pages { display: flex; flex-direction: column; gap: 8px; max-height: 640px; overflow: auto; }
.lc-pdf-page { max-width: 100%; box-shadow: 0 1px 3px rgb(0 0 0 / 15%); }
.lc-textarea-box { display: flex; flex-direction: column; gap: 6px; }
.lc-textarea-row { display: flex; gap: 6px; align-items: flex-start; }
.lc-textarea-add, .lc-shortcut { border: 1px solid var(--border, #d1d5db); border-radius: 6px; background: var(--surface, #fff); cursor: pointer; padding: 4px 10px; font: inherit; font-size: 0.85rem; }
.lc-shortcuts { display: flex; gap: 6px; flex-wrap: wrap; }
.lc-submissions { margin: 0; padding-left: 20px; display: flex; flex-direction: column; gap: 4px; }
.lc-submissions li input { font: inherit; width: calc(100% - 40px); }
.lc-submissions li button { border: 0; background: none; cursor: pointer; }
.lc-relations-hint { font-size: 0.82rem; color: var(--muted, #6b7280); margin: 0; }
.lc-underline { border-bottom: 1px solid var(--border, #e5e7eb); padding-bottom: 4px; }
`;

const STYLE_ID = 'labelcore-templates-renderers';

export function installStyles(): void {
  if (typeof document === 'undefined' || document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.appendChild(style);
}
