import { useMemo, useState } from 'react';

import { ApiError } from '../../api/client';
import { stateLabel } from '../../components/history/history';
import { Button, ErrorMessage } from '../../components/ui';
import { strandedStates, suggestStateMap } from './stateMap';
import type { Catalog, ProjectWorkflow, SwitchRequest, Workflow } from './workflowApi';
import { switchWorkflow, validateWorkflow } from './workflowApi';

const OWN = '__own__';

interface WorkflowEditorProps {
  projectId: number;
  current: ProjectWorkflow;
  catalog: Catalog;
  onChanged: (next: ProjectWorkflow) => void;
}

function problemsOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.body.validation_errors?.definition ?? [];
}

function documentOf(workflow: Workflow): string {
  const { name, title, description, states, transitions } = workflow;
  return JSON.stringify({ name, title, description, states, transitions }, null, 2);
}

/**
 * Switching the project to an installed workflow, or declaring its own as JSON or YAML.
 * Tasks in states the new workflow lacks are mapped to one it has before the switch.
 */
export function WorkflowEditor({ projectId, current, catalog, onChanged }: WorkflowEditorProps) {
  const [choice, setChoice] = useState(current.workflow.declared ? OWN : current.workflow.name);
  const [document, setDocument] = useState(() => documentOf(current.workflow));
  const [format, setFormat] = useState<'json' | 'yaml'>('json');
  const [checked, setChecked] = useState<Workflow | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [stateMap, setStateMap] = useState<Record<string, string>>({});

  const target: Workflow | null =
    choice === OWN ? checked : (catalog.workflows.find((each) => each.name === choice) ?? null);
  const counts = useMemo(
    () => Object.fromEntries(current.counts.states.map((state) => [state.name, state.count])),
    [current],
  );
  const targetStates = target ? target.states.map((state) => state.name) : [];
  const stranded = target ? strandedStates(counts, targetStates) : [];
  const suggested = target ? suggestStateMap(stranded, targetStates, target.initial_state) : {};
  const mapping = { ...suggested, ...stateMap };
  const unchanged =
    choice !== OWN && choice === current.workflow.name && !current.workflow.declared;

  const request = (): SwitchRequest =>
    choice === OWN ? { definition: document, format } : { workflow: choice };

  const check = async () => {
    setError(null);
    try {
      const answer = await validateWorkflow(projectId, request());
      setChecked(answer.workflow);
    } catch (caught) {
      setChecked(null);
      setError(caught);
    }
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const state_map = Object.fromEntries(
        stranded.map(({ state }) => [state, mapping[state] ?? target?.initial_state ?? '']),
      );
      const next = await switchWorkflow(projectId, { ...request(), state_map });
      setStateMap({});
      setChecked(null);
      onChanged(next);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const problems = problemsOf(error);
  return (
    <section className="card" aria-label="Change the workflow">
      <div className="section-header">
        <h2>Change the workflow</h2>
      </div>
      <label className="field">
        Workflow
        <select
          aria-label="Workflow"
          value={choice}
          onChange={(change) => {
            setChoice(change.target.value);
            setChecked(null);
            setError(null);
          }}
        >
          {catalog.workflows.map((workflow) => (
            <option key={workflow.name} value={workflow.name}>
              {workflow.title} ({workflow.name})
            </option>
          ))}
          <option value={OWN}>The project’s own, declared as JSON or YAML</option>
        </select>
      </label>
      {choice !== OWN && target && <p className="muted">{target.description}</p>}
      {choice === OWN && (
        <>
          <label className="field">
            Format
            <select
              aria-label="Format"
              value={format}
              onChange={(change) => setFormat(change.target.value as 'json' | 'yaml')}
            >
              <option value="json">JSON</option>
              <option value="yaml">YAML</option>
            </select>
          </label>
          <label className="field">
            Definition
            <textarea
              aria-label="Definition"
              className="workflow-document"
              spellCheck={false}
              value={document}
              onChange={(change) => {
                setDocument(change.target.value);
                setChecked(null);
              }}
            />
          </label>
          <p className="muted">
            Guards: {catalog.guards.map((guard) => guard.name).join(', ')}. Effects:{' '}
            {catalog.effects.map((effect) => effect.name).join(', ')}. Roles:{' '}
            {catalog.roles.join(', ')}.
          </p>
          <div className="action-row">
            <Button onClick={() => void check()}>Check</Button>
            {checked && <span className="muted">The definition is valid.</span>}
          </div>
        </>
      )}
      {stranded.length > 0 && (
        <div aria-label="State map">
          <p>The new workflow lacks states that tasks are in. Move them to:</p>
          <div className="state-map">
            {stranded.map(({ state, count }) => (
              <label key={state} className="field">
                {count} {count === 1 ? 'task' : 'tasks'} in {stateLabel(state)}
                <select
                  aria-label={`New state for ${stateLabel(state)}`}
                  value={mapping[state]}
                  onChange={(change) => setStateMap({ ...stateMap, [state]: change.target.value })}
                >
                  {targetStates.map((name) => (
                    <option key={name} value={name}>
                      {stateLabel(name)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        </div>
      )}
      {problems.length > 0 ? (
        <ul className="problem-list" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : (
        <ErrorMessage error={error} />
      )}
      <div className="action-row">
        <Button
          variant="primary"
          disabled={saving || unchanged || (choice === OWN && !checked)}
          onClick={() => void save()}
        >
          {saving ? 'Saving…' : 'Use this workflow'}
        </Button>
      </div>
    </section>
  );
}
