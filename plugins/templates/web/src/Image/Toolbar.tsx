export interface ViewAdjustments {
  /** The view turned clockwise, in degrees (0, 90, 180, 270); regions stay in image space. */
  rotation: number;
  /** Konva's Brighten filter (-1 to 1) and Contrast filter (-100 to 100). */
  brightness: number;
  contrast: number;
  crosshair: boolean;
}

interface ToolbarProps {
  zoom: number;
  onZoom(factor: number): void;
  onFit(): void;
  view: ViewAdjustments;
  onView(view: ViewAdjustments): void;
  hint: string;
  pages: { at: number; count: number; go(page: number): void } | null;
}

/** Zoom, fit, rotate, brightness, contrast, crosshair, and the pager of several images. */
export function ImageToolbar({ zoom, onZoom, onFit, view, onView, hint, pages }: ToolbarProps) {
  return (
    <div className="lc-image-toolbar">
      {pages && pages.count > 1 && (
        <span className="lc-image-pages">
          <button
            type="button"
            aria-label="Previous image"
            disabled={pages.at === 0}
            onClick={() => pages.go(pages.at - 1)}
          >
            ‹
          </button>
          <span className="lc-image-page">
            {pages.at + 1} / {pages.count}
          </span>
          <button
            type="button"
            aria-label="Next image"
            disabled={pages.at + 1 >= pages.count}
            onClick={() => pages.go(pages.at + 1)}
          >
            ›
          </button>
        </span>
      )}
      <button type="button" onClick={() => onZoom(1 / 1.25)} aria-label="Zoom out">
        −
      </button>
      <span className="lc-image-zoom">{Math.round(zoom * 100)}%</span>
      <button type="button" onClick={() => onZoom(1.25)} aria-label="Zoom in">
        +
      </button>
      <button type="button" onClick={onFit}>
        Fit
      </button>
      <button
        type="button"
        aria-label="Rotate the view"
        title="Rotate the view 90°"
        onClick={() => onView({ ...view, rotation: (view.rotation + 90) % 360 })}
      >
        ⟳
      </button>
      <label className="lc-image-adjust" title="Brightness">
        ☀
        <input
          type="range"
          aria-label="Brightness"
          min={-0.6}
          max={0.6}
          step={0.05}
          value={view.brightness}
          onChange={(event) => onView({ ...view, brightness: Number(event.target.value) })}
        />
      </label>
      <label className="lc-image-adjust" title="Contrast">
        ◐
        <input
          type="range"
          aria-label="Contrast"
          min={-60}
          max={60}
          step={5}
          value={view.contrast}
          onChange={(event) => onView({ ...view, contrast: Number(event.target.value) })}
        />
      </label>
      <button
        type="button"
        aria-pressed={view.crosshair}
        aria-label="Crosshair"
        title="Crosshair"
        onClick={() => onView({ ...view, crosshair: !view.crosshair })}
      >
        ✛
      </button>
      <span className="lc-image-hint">{hint}</span>
    </div>
  );
}
