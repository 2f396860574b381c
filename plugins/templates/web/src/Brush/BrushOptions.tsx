import type { ConfigNode } from '@labelcore/plugin-api';

import { setBrushSettings, useBrushSettings } from './settings';

const PAINTING = new Set(['Brush', 'BrushLabels', 'Bitmask', 'BitmaskLabels']);

/** Brush size and eraser of a painting control; nothing for other controls. */
export function BrushOptions({ node }: { node: ConfigNode }) {
  const name = node.attrs.name ?? '';
  const { size, erase } = useBrushSettings(name);
  if (!PAINTING.has(node.tag)) return null;
  return (
    <span className="lc-brush-options">
      <label>
        Brush
        <input
          type="range"
          aria-label="Brush size"
          min={2}
          max={120}
          value={size}
          onChange={(event) => setBrushSettings(name, { size: Number(event.target.value) })}
        />
        <span className="lc-brush-size">{size}px</span>
      </label>
      <button
        type="button"
        role="switch"
        aria-checked={erase}
        className={`lc-option ${erase ? 'lc-option-checked' : ''}`}
        onClick={() => setBrushSettings(name, { erase: !erase })}
      >
        Eraser
      </button>
    </span>
  );
}
