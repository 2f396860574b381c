import type { ExportFormat } from './exportApi';
import { disabledReason } from './exportApi';

/**
 * The installed export formats as one choice: a format that cannot express the project's
 * config stays listed, greyed out, with the reason.
 */
export function FormatList({
  formats,
  chosen,
  onChoose,
}: {
  formats: ExportFormat[];
  chosen: string;
  onChoose: (name: string) => void;
}) {
  return (
    <fieldset className="format-list" aria-label="Export format">
      {formats.map((format) => {
        const reason = disabledReason(format);
        const about = `export-format-${format.name}`;
        return (
          <label
            key={format.name}
            className={[
              'format-option',
              format.disabled ? 'format-disabled' : '',
              chosen === format.name ? 'format-chosen' : '',
            ].join(' ')}
          >
            <input
              type="radio"
              name="export-format"
              value={format.name}
              aria-label={format.title}
              aria-describedby={about}
              checked={chosen === format.name}
              disabled={format.disabled}
              onChange={() => onChoose(format.name)}
            />
            <span className="format-text">
              <span className="format-title">
                {format.title} <code>{format.name}</code>
              </span>
              <span id={about} className="format-about">
                <span className="muted small">{format.description}</span>
                {reason && <span className="format-reason small">{reason}</span>}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** The format to choose first: JSON when it applies, else the first one that does. */
export function firstApplicable(formats: ExportFormat[], preferred = 'JSON'): string | null {
  const usable = formats.filter((format) => !format.disabled);
  return (usable.find((format) => format.name === preferred) ?? usable[0])?.name ?? null;
}
