import { useEffect, useRef, useState } from 'react';

import { apiDelete, apiGet, apiPatch, apiPost } from '../api/client';
import { Button, ErrorMessage } from '../components/ui';
import { PLAIN_TABLE, stateOf, viewData } from './tableViews';
import type { SavedView, TableState } from './tableViews';

/** The open tab, kept in the address (`?tab=<id>`) so that a reload opens it again. */
function rememberTab(viewId: number | null): void {
  const url = new URL(window.location.href);
  if (viewId === null) url.searchParams.delete('tab');
  else url.searchParams.set('tab', String(viewId));
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

function tabInAddress(): number | null {
  const raw = new URLSearchParams(window.location.search).get('tab');
  return raw && /^\d+$/.test(raw) ? Number(raw) : null;
}

/**
 * The project's saved tabs (`/api/dm/views/`): opening one puts its filters, sort and
 * hidden columns on the table; the table as it is can be saved into the open tab or as a
 * new one. A label stream may run over a tab (`?view=` on the next-task request).
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
  const reopened = useRef(false);

  const open = (view: SavedView | null) => {
    rememberTab(view?.id ?? null);
    onOpen(view?.id ?? null, view ? stateOf(view.data) : PLAIN_TABLE);
  };

  useEffect(() => {
    apiGet<SavedView[]>(`/api/dm/views/?project=${projectId}`).then((listed) => {
      setViews(listed);
      if (reopened.current) return;
      reopened.current = true;
      const remembered = listed.find((view) => view.id === tabInAddress());
      if (remembered) onOpen(remembered.id, stateOf(remembered.data));
    }, setError);
    // Opened once per project; onOpen changes with every render of the table.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId]);

  const activeView = views.find((view) => view.id === active);
  const unsaved =
    activeView !== undefined &&
    JSON.stringify(viewData(activeView.data.title ?? '', current)) !==
      JSON.stringify(viewData(activeView.data.title ?? '', stateOf(activeView.data)));

  const saveNew = async () => {
    setError(null);
    try {
      const made = await apiPost<SavedView>('/api/dm/views/', {
        project: projectId,
        data: viewData(title.trim() || `Tab ${views.length + 1}`, current),
      });
      setViews([...views, made]);
      setTitle('');
      open(made);
    } catch (caught) {
      setError(caught);
    }
  };

  const saveActive = async (view: SavedView) => {
    setError(null);
    try {
      const saved = await apiPatch<SavedView>(`/api/dm/views/${view.id}/`, {
        data: viewData(view.data.title ?? `Tab ${view.id}`, current),
      });
      setViews(views.map((old) => (old.id === saved.id ? saved : old)));
    } catch (caught) {
      setError(caught);
    }
  };

  const remove = async (viewId: number) => {
    setError(null);
    try {
      await apiDelete(`/api/dm/views/${viewId}/`);
      setViews(views.filter((view) => view.id !== viewId));
      if (active === viewId) open(null);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <div className="filter-bar" role="tablist" aria-label="Saved tabs">
      <Button role="tab" aria-selected={active === null} onClick={() => open(null)}>
        All tasks
      </Button>
      {views.map((view) => (
        <span key={view.id}>
          <Button role="tab" aria-selected={active === view.id} onClick={() => open(view)}>
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
      {activeView && unsaved && (
        <Button variant="primary" onClick={() => void saveActive(activeView)}>
          Save tab
        </Button>
      )}
      <input
        aria-label="New tab name"
        placeholder="Tab name"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
      />
      <Button onClick={() => void saveNew()}>Save as tab</Button>
      <ErrorMessage error={error} />
    </div>
  );
}
