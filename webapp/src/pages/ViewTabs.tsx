import { useEffect, useState } from 'react';

import { apiDelete, apiGet, apiPost } from '../api/client';
import { Button, ErrorMessage } from '../components/ui';
import { stateOf, viewData } from './tableViews';
import type { SavedView, TableState } from './tableViews';

/**
 * The project's saved tabs (`/api/dm/views/`): opening one puts its filter, sort and
 * hidden columns on the table; the table as it is can be saved as a new tab. A label
 * stream may run over a tab (`?view=` on the next-task request).
 */
export function ViewTabs({
  projectId,
  current,
  active,
  onOpen,
}: {
  projectId: number;
  current: TableState;
  active: number | null;
  onOpen: (viewId: number | null, state: TableState) => void;
}) {
  const [views, setViews] = useState<SavedView[]>([]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    apiGet<SavedView[]>(`/api/dm/views/?project=${projectId}`).then(setViews, setError);
  }, [projectId]);

  const save = async () => {
    setError(null);
    try {
      const made = await apiPost<SavedView>('/api/dm/views/', {
        project: projectId,
        data: viewData(title.trim() || `Tab ${views.length + 1}`, current),
      });
      setViews([...views, made]);
      setTitle('');
      onOpen(made.id, stateOf(made.data));
    } catch (caught) {
      setError(caught);
    }
  };

  const remove = async (viewId: number) => {
    setError(null);
    try {
      await apiDelete(`/api/dm/views/${viewId}/`);
      setViews(views.filter((view) => view.id !== viewId));
      if (active === viewId) onOpen(null, { filter: null, ordering: null, hidden: [] });
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <div className="filter-bar" role="tablist" aria-label="Saved tabs">
      <Button
        role="tab"
        aria-selected={active === null}
        onClick={() => onOpen(null, { filter: null, ordering: null, hidden: [] })}
      >
        All tasks
      </Button>
      {views.map((view) => (
        <span key={view.id}>
          <Button
            role="tab"
            aria-selected={active === view.id}
            onClick={() => onOpen(view.id, stateOf(view.data))}
          >
            {view.data.title ?? `Tab ${view.id}`}
          </Button>
          {active === view.id && (
            <Button
              aria-label={`Delete tab ${view.data.title ?? view.id}`}
              onClick={() => void remove(view.id)}
            >
              ×
            </Button>
          )}
        </span>
      ))}
      <input
        aria-label="New tab name"
        placeholder="Tab name"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
      />
      <Button onClick={() => void save()}>Save as tab</Button>
      <ErrorMessage error={error} />
    </div>
  );
}
