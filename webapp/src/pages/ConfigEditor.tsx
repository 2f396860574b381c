import { useEffect, useMemo, useState } from 'react';

import { createAnnotationStore } from '@labelcore/plugin-api';
import type { TaskView } from '@labelcore/plugin-api';

import { ApiError, apiGet, apiPatch, apiPost } from '../api/client';
import type { Project, TaskPage } from '../api/types';
import { RegistryErrors } from '../components/RegistryErrors';
import { Button, ErrorMessage } from '../components/ui';
import { useServerIssues } from '../components/useServerIssues';
import { XmlEditor } from '../components/XmlEditor';
import { parseConfig } from '../engine/parseConfig';
import { sampleTaskView } from '../engine/sampleTask';
import { TagTree } from '../engine/TagTree';
import { useRegistry } from '../registry/useRegistry';

/** The task the preview shows: the project's first task, else one the server makes up. */
function usePreviewTask(projectId: number, config: string): TaskView {
  const [first, setFirst] = useState<TaskView | null>(null);
  const [sample, setSample] = useState<TaskView>({ data: {} });

  useEffect(() => {
    apiGet<TaskPage>(`/api/tasks/?project=${projectId}&page_size=1`)
      .then((page) => {
        const task = page.tasks[0];
        if (task) setFirst({ id: task.id, data: task.data });
      })
      .catch(() => undefined);
  }, [projectId]);

  useEffect(() => {
    if (first || !config.trim()) return undefined;
    const timer = window.setTimeout(() => {
      apiPost<{ sample_task: Record<string, unknown> }>('/api/projects/sample-task', {
        label_config: config,
      })
        .then((answer) => setSample(sampleTaskView(answer.sample_task)))
        .catch(() => undefined);
    }, 400);
    return () => window.clearTimeout(timer);
  }, [first, config]);

  return first ?? sample;
}

/**
 * The project's label config, edited in place with a live preview. The server refuses a
 * change that removes controls or labels existing annotations use, and says which; the
 * annotator may then keep the old config or save anyway.
 */
export function ConfigEditor({
  project,
  onSaved,
}: {
  project: Project;
  onSaved: (project: Project) => void;
}) {
  const [config, setConfig] = useState(project.label_config);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const { registry, error: registryError } = useRegistry();
  const serverIssues = useServerIssues(config);
  const parsed = useMemo(() => parseConfig(config), [config]);
  const task = usePreviewTask(project.id, config);
  const store = useMemo(() => createAnnotationStore(), []);
  const issues = parsed.error ? [{ severity: 'error' as const, ...parsed.error }] : serverIssues;
  const blocked = issues.some((issue) => issue.severity === 'error');
  const refusedForUse =
    error instanceof ApiError && error.body.code === 'config_removes_labels_in_use';

  const save = async (force: boolean) => {
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      const updated = await apiPatch<Project>(`/api/projects/${project.id}/`, {
        label_config: config,
        ...(force ? { force: true } : {}),
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
    <section className="card config-editor" aria-label="Labeling interface">
      <div className="card-header">
        <h2>Labeling interface</h2>
        <div className="page-actions">
          <Button
            onClick={() => setConfig(project.label_config)}
            disabled={saving || config === project.label_config}
          >
            Revert
          </Button>
          <Button
            variant="primary"
            onClick={() => void save(false)}
            disabled={saving || blocked || config === project.label_config}
          >
            {saving ? 'Saving…' : 'Save config'}
          </Button>
        </div>
      </div>
      {saved && !error && (
        <p className="success-message" role="status">
          The label config is saved.
        </p>
      )}
      <ErrorMessage error={error} />
      {refusedForUse && (
        <div className="action-row">
          <Button variant="danger" onClick={() => void save(true)} disabled={saving}>
            Save anyway
          </Button>
          <span className="muted small">Existing annotations keep what they hold.</span>
        </div>
      )}
      <div className="builder builder-two">
        <div className="builder-editor">
          <XmlEditor value={config} onChange={setConfig} issues={issues} />
        </div>
        <div className="builder-preview" aria-label="Preview">
          <ErrorMessage error={registryError} />
          <RegistryErrors registry={registry} />
          {registry && parsed.root && (
            <TagTree root={parsed.root} task={task} store={store} registry={registry} />
          )}
          {!parsed.root && <p className="muted">Fix the XML to see the preview.</p>}
        </div>
      </div>
    </section>
  );
}
