import { useCallback, useEffect, useState } from 'react';

import { apiGet } from '../../api/client';
import type { Project } from '../../api/types';
import { stateLabel } from '../../components/history/history';
import { ErrorMessage, Spinner } from '../../components/ui';
import { Link } from '../../router';
import { StateTasks } from './StateTasks';
import { WorkflowEditor } from './WorkflowEditor';
import type { Catalog, ProjectWorkflow } from './workflowApi';
import { readCatalog, readProjectWorkflow } from './workflowApi';
import './review.css';

/** A project's workflow: how many tasks are in each state, their history, and switching. */
export function WorkflowPage({ projectId }: { projectId: number }) {
  const [project, setProject] = useState<Project | null>(null);
  const [current, setCurrent] = useState<ProjectWorkflow | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const load = useCallback(() => {
    Promise.all([
      apiGet<Project>(`/api/projects/${projectId}/`),
      readProjectWorkflow(projectId),
      readCatalog(),
    ])
      .then(([loadedProject, loadedWorkflow, loadedCatalog]) => {
        setProject(loadedProject);
        setCurrent(loadedWorkflow);
        setCatalog(loadedCatalog);
        setError(null);
      })
      .catch(setError);
  }, [projectId]);

  useEffect(load, [load]);

  const changed = (next: ProjectWorkflow) => {
    setCurrent(next);
    setSelected(null);
    setReloadKey((key) => key + 1);
  };

  if (error && !current) {
    return (
      <main className="page">
        <ErrorMessage error={error} />
      </main>
    );
  }
  if (!current || !catalog) return <Spinner />;

  const { workflow, counts } = current;
  const unknown = Object.entries(counts.unknown_states);
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link href="/">Projects</Link> /{' '}
            <Link href={`/projects/${projectId}`}>{project?.title ?? `Project ${projectId}`}</Link>{' '}
            /
          </div>
          <h1>Workflow</h1>
          <p className="muted">
            {workflow.declared ? 'The project’s own workflow' : `“${workflow.title}”`}
            {workflow.description && <> — {workflow.description}</>}
          </p>
        </div>
        <div className="page-actions">
          {workflow.review_states.length > 0 && (
            <Link className="btn btn-primary" href={`/projects/${projectId}/review`}>
              Review tasks
            </Link>
          )}
        </div>
      </div>
      <section className="card" aria-label="Tasks by state">
        <div className="section-header">
          <h2>Tasks by state</h2>
          <span className="muted">{counts.total} tasks</span>
        </div>
        <table className="state-table">
          <thead>
            <tr>
              <th>State</th>
              <th className="numeric">Tasks</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {counts.states.map((state) => (
              <tr key={state.name} aria-selected={selected === state.name} data-state={state.name}>
                <td>
                  <span className={`pill pill-${state.name}`}>
                    {state.title || stateLabel(state.name)}
                  </span>
                  {state.initial && <span className="muted"> · initial</span>}
                  {state.review && <span className="muted"> · waits for review</span>}
                  {state.final && <span className="muted"> · final</span>}
                </td>
                <td className="numeric">{state.count}</td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    disabled={state.count === 0}
                    onClick={() => setSelected(state.name)}
                  >
                    Show tasks
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {unknown.length > 0 && (
          <div className="error-message" role="alert">
            Tasks in states this workflow lacks:{' '}
            {unknown.map(([state, count]) => `${count} in ${stateLabel(state)}`).join(', ')}.
          </div>
        )}
      </section>
      {selected && (
        <StateTasks
          key={`${selected}:${reloadKey}`}
          projectId={projectId}
          state={selected}
          onChanged={load}
        />
      )}
      <WorkflowEditor
        projectId={projectId}
        current={current}
        catalog={catalog}
        onChanged={changed}
      />
    </main>
  );
}
