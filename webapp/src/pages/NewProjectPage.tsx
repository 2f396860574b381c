import { useEffect, useMemo, useState } from 'react';

import { createAnnotationStore } from '@labelcore/plugin-api';

import { apiGet, apiPost } from '../api/client';
import type { ConfigIssue } from '../api/client';
import type { Project, Template } from '../api/types';
import { RegistryErrors } from '../components/RegistryErrors';
import { Button, ErrorMessage, Spinner } from '../components/ui';
import { useServerIssues } from '../components/useServerIssues';
import { XmlEditor } from '../components/XmlEditor';
import { makeConfigView } from '../engine/configView';
import { parseConfig } from '../engine/parseConfig';
import { sampleResults, sampleTaskView } from '../engine/sampleTask';
import { TagTree } from '../engine/TagTree';
import { useRegistry } from '../registry/useRegistry';
import { navigate } from '../router';

function groupTemplates(templates: Template[]): [string, Template[]][] {
  const groups = new Map<string, Template[]>();
  for (const template of templates) {
    groups.set(template.group, [...(groups.get(template.group) ?? []), template]);
  }
  return [...groups.entries()];
}

export function NewProjectPage() {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [picked, setPicked] = useState<Template | null>(null);
  const [title, setTitle] = useState('');
  const [titleEdited, setTitleEdited] = useState(false);
  const [description, setDescription] = useState('');
  const [config, setConfig] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const { registry, error: registryError } = useRegistry();
  const serverIssues = useServerIssues(config);

  useEffect(() => {
    apiGet<Template[]>('/api/templates/')
      .then((list) => {
        setTemplates(list);
        const first = list[0];
        if (!first) return;
        setPicked(first);
        setConfig(first.config);
        setTitle(first.title);
      })
      .catch(setError);
  }, []);

  function pick(template: Template) {
    setPicked(template);
    setConfig(template.config);
    if (!titleEdited) setTitle(template.title);
  }

  const parsed = useMemo(() => parseConfig(config), [config]);
  const task = useMemo(() => sampleTaskView(picked?.sample_task), [picked]);
  // The preview starts from the template's sample prediction, and keeps what is clicked in it
  // while the config is edited around it.
  // Region types come from the installed renderers, so per-region answers attach in the
  // preview as they do when labeling.
  const regionTypes = useMemo(
    () => (registry && parsed.root ? makeConfigView(parsed.root, registry).regionTypes : []),
    [registry, parsed.root],
  );
  const store = useMemo(
    () => createAnnotationStore(sampleResults(picked?.sample_task), { regionTypes }),
    // A new store for a new template only; edits to the config keep what was clicked.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [picked, registry],
  );
  const localIssues: ConfigIssue[] = parsed.error ? [{ severity: 'error', ...parsed.error }] : [];
  const issues = parsed.error ? localIssues : serverIssues;
  const blocked = issues.some((issue) => issue.severity === 'error') || !config.trim();

  const create = async () => {
    setSaving(true);
    setError(null);
    try {
      const project = await apiPost<Project>('/api/projects/', {
        title: title || picked?.title || 'New project',
        description,
        label_config: config,
      });
      navigate(`/projects/${project.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <main className="page page-wide">
      <div className="page-header">
        <h1>New project</h1>
        <div className="page-actions">
          <Button onClick={() => navigate('/')}>Cancel</Button>
          <Button variant="primary" onClick={create} disabled={saving || blocked}>
            {saving ? 'Creating…' : 'Create project'}
          </Button>
        </div>
      </div>
      <ErrorMessage error={error} />

      <section className="card form-row">
        <label className="field">
          <span>Title</span>
          <input
            name="title"
            value={title}
            onChange={(event) => {
              setTitle(event.target.value);
              setTitleEdited(true);
            }}
            placeholder="My project"
          />
        </label>
        <label className="field field-grow">
          <span>Description</span>
          <input
            name="description"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            placeholder="What is labeled here, and why"
          />
        </label>
      </section>

      <div className="builder">
        <aside className="gallery" aria-label="Templates">
          {!templates && !error && <Spinner label="Loading templates…" />}
          {templates &&
            groupTemplates(templates).map(([group, members]) => (
              <div key={group} className="gallery-group">
                <h3>{group}</h3>
                {members.map((template) => (
                  <button
                    key={template.name}
                    type="button"
                    className={`template-card ${picked?.name === template.name ? 'active' : ''}`}
                    onClick={() => pick(template)}
                  >
                    <strong>{template.title}</strong>
                    <span className="muted">{template.description}</span>
                  </button>
                ))}
              </div>
            ))}
        </aside>

        <section className="builder-editor card">
          <h2>Labeling interface</h2>
          <XmlEditor value={config} onChange={setConfig} issues={issues} />
        </section>

        <section className="builder-preview card" aria-label="Preview">
          <h2>Preview</h2>
          <ErrorMessage error={registryError} />
          <RegistryErrors registry={registry} />
          {registry && parsed.root && (
            <TagTree root={parsed.root} task={task} store={store} registry={registry} />
          )}
          {!parsed.root && <p className="muted">Fix the XML to see the preview.</p>}
        </section>
      </div>
    </main>
  );
}
