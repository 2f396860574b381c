import type { SmartSession, SmartSettings } from './smartTools';
import { useSmartState } from './smartTools';

interface SmartPanelProps {
  session: SmartSession;
  title: string;
  settings: SmartSettings;
}

/** The auto-annotation switch, and the model's suggestions waiting to be accepted. */
export function SmartPanel({ session, title, settings }: SmartPanelProps) {
  const { asking, suggested, modelVersion, error } = useSmartState(session);
  const { enabled, onEnabled, autoAccept, onAutoAccept } = settings;
  return (
    <div className="card smart-panel" aria-label="Auto-annotation">
      <label className="smart-switch">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(event) => onEnabled(event.target.checked)}
        />{' '}
        Auto-annotation with {title}
      </label>
      {enabled && (
        <label className="smart-switch">
          <input
            type="checkbox"
            checked={autoAccept}
            onChange={(event) => onAutoAccept(event.target.checked)}
          />{' '}
          Accept suggestions at once
        </label>
      )}
      <p className="muted small">
        {enabled
          ? 'Regions drawn with a smart tool ask the model, whose regions take their place.'
          : 'Smart tools draw as usual.'}
      </p>
      {asking && (
        <p className="muted small" role="status">
          Asking the model…
        </p>
      )}
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
      {suggested.length > 0 && (
        <div className="banner banner-prediction" role="status">
          {suggested.length === 1 ? '1 suggestion' : `${suggested.length} suggestions`}
          {modelVersion ? ` from ${modelVersion}` : ''}: only accepted ones are submitted.
          <div className="action-row action-row-small">
            <button type="button" className="btn btn-primary" onClick={() => session.accept()}>
              Accept
            </button>
            <button type="button" className="btn" onClick={() => session.reject()}>
              Reject
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
