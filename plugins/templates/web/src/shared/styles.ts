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
`;

const STYLE_ID = 'labelcore-templates-renderers';

export function installStyles(): void {
  if (typeof document === 'undefined' || document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.appendChild(style);
}
