import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';

import { apiGet, apiPatch } from '../../api/client';
import type { Project } from '../../api/types';
import { Button, ErrorMessage } from '../../components/ui';
import { findSampler, parameterBody, parameterFields } from './samplerParameters';
import type { ParameterField, SamplerInfo } from './samplerParameters';

const SKIP_QUEUES = [
  ['requeue_for_others', 'Skipped tasks go to the other annotators'],
  ['requeue_for_me', 'Skipped tasks come back to whoever skipped them, at the end'],
  ['ignore_skipped', 'Skipped tasks are shown to no one again'],
] as const;

type Texts = Record<string, string | boolean>;

function settingText(settings: Record<string, unknown>, name: string): string {
  const value = settings[name];
  return value === undefined || value === null ? '' : String(value);
}

function ParameterInput({
  field,
  value,
  onChange,
}: {
  field: ParameterField;
  value: string | boolean | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const label = `Sampler parameter ${field.name}`;
  if (field.kind === 'flag') {
    return (
      <input
        type="checkbox"
        aria-label={label}
        checked={value === true}
        onChange={(event) => onChange(event.target.checked)}
      />
    );
  }
  if (field.kind === 'choice') {
    return (
      <select
        aria-label={label}
        value={String(value ?? '')}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">default ({String(field.fallback ?? 'none')})</option>
        {field.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      aria-label={label}
      inputMode={field.kind === 'text' ? 'text' : 'decimal'}
      placeholder={`default ${String(field.fallback ?? '')}`}
      value={String(value ?? '')}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/**
 * How the project's label stream hands out tasks: the sampler (any installed plugin's, with
 * the parameters its schema names), the model version uncertainty reads, overlap, locks and
 * skips. The server checks every value when it is saved and its message is shown.
 */
export function StreamSettings({
  project,
  onSaved,
}: {
  project: Project;
  onSaved: (project: Project) => void;
}) {
  const settings = useMemo(() => project.settings ?? {}, [project.settings]);
  const [samplers, setSamplers] = useState<SamplerInfo[]>([]);
  const [sampler, setSampler] = useState(project.sampling ?? '');
  const [parameters, setParameters] = useState<Texts>(
    (settings.sampler_parameters as Texts | undefined) ?? {},
  );
  const [overlap, setOverlap] = useState(String(project.maximum_annotations ?? 1));
  const [cohort, setCohort] = useState(settingText(settings, 'overlap_cohort_percentage'));
  const [skipQueue, setSkipQueue] = useState(
    settingText(settings, 'skip_queue').toLowerCase() || 'requeue_for_others',
  );
  const [lockSeconds, setLockSeconds] = useState(settingText(settings, 'lock_ttl_seconds'));
  const [partialFirst, setPartialFirst] = useState(settings.finish_partial_first !== false);
  const [modelVersion, setModelVersion] = useState(project.model_version ?? '');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    apiGet<SamplerInfo[]>('/api/samplers/').then(setSamplers, setError);
  }, []);

  const chosen = findSampler(samplers, sampler);
  const fields = parameterFields(chosen);

  const choose = (name: string) => {
    setSampler(name);
    setParameters({});
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(false);
    const numberOrText = (text: string) =>
      text.trim() === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;
    try {
      const updated = await apiPatch<Project>(`/api/projects/${project.id}/`, {
        sampling: chosen?.name ?? sampler,
        maximum_annotations: numberOrText(overlap),
        model_version: modelVersion,
        settings: {
          sampler_parameters: parameterBody(fields, parameters),
          skip_queue: skipQueue,
          overlap_cohort_percentage: numberOrText(cohort),
          lock_ttl_seconds: numberOrText(lockSeconds),
          finish_partial_first: partialFirst,
        },
      });
      setSaved(true);
      onSaved(updated);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card" aria-label="Label stream">
      <form onSubmit={(event) => void save(event)}>
        <div className="card-header">
          <h2>Label stream</h2>
          <Button variant="primary" type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save stream settings'}
          </Button>
        </div>
        {saved && !error && (
          <p className="success-message" role="status">
            The label stream settings are saved.
          </p>
        )}
        <ErrorMessage error={error} />
        <div className="form-grid">
          <label>
            Sampler
            <select
              aria-label="Sampler"
              value={chosen?.name ?? sampler}
              onChange={(event) => choose(event.target.value)}
            >
              {!chosen && <option value={sampler}>{sampler || 'choose one'}</option>}
              {samplers.map((each) => (
                <option key={each.name} value={each.name}>
                  {each.title} ({each.plugin})
                </option>
              ))}
            </select>
          </label>
          {chosen && <p className="muted small">{chosen.description}</p>}
          {fields.map((field) => (
            <label key={field.name}>
              {field.name}
              <ParameterInput
                field={field}
                value={parameters[field.name]}
                onChange={(value) => setParameters({ ...parameters, [field.name]: value })}
              />
              {field.description && <span className="muted small">{field.description}</span>}
            </label>
          ))}
          <label>
            Model version (predictions that uncertainty reads)
            <input value={modelVersion} onChange={(event) => setModelVersion(event.target.value)} />
          </label>
          <label>
            Annotators per task (overlap)
            <input
              inputMode="numeric"
              value={overlap}
              onChange={(event) => setOverlap(event.target.value)}
            />
          </label>
          <label>
            Share of tasks with that overlap (%)
            <input
              inputMode="numeric"
              placeholder="100"
              value={cohort}
              onChange={(event) => setCohort(event.target.value)}
            />
          </label>
          <label>
            Skipped tasks
            <select
              aria-label="Skipped tasks"
              value={skipQueue}
              onChange={(event) => setSkipQueue(event.target.value)}
            >
              {SKIP_QUEUES.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          <label>
            Lock a handed-out task for (seconds)
            <input
              inputMode="numeric"
              placeholder="server default"
              value={lockSeconds}
              onChange={(event) => setLockSeconds(event.target.value)}
            />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={partialFirst}
              onChange={(event) => setPartialFirst(event.target.checked)}
            />
            Finish tasks others started before fresh ones
          </label>
        </div>
      </form>
    </section>
  );
}
