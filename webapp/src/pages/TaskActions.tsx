import { useEffect, useState } from 'react';

import { apiGet, apiPost } from '../api/client';
import { Button, ErrorMessage } from '../components/ui';
import { selectedCount, selectedItems } from './taskSelection';
import type { Selection } from './taskSelection';

interface DataManagerAction {
  id: string;
  title: string;
  dialog: { title: string; text: string } | null;
}

/**
 * The actions on the selected tasks: the built-in ones and those plugins add
 * (`GET /api/dm/actions/`), run with Label Studio's request shape. An action with a
 * dialog asks first, in the dialog's own words.
 */
export function TaskActions({
  projectId,
  selection,
  matching,
  query,
  onDone,
}: {
  projectId: number;
  selection: Selection;
  matching: number;
  query: Record<string, unknown>;
  onDone: (message: string) => void;
}) {
  const [actions, setActions] = useState<DataManagerAction[]>([]);
  const [chosen, setChosen] = useState('');
  const [confirming, setConfirming] = useState<DataManagerAction | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const count = selectedCount(selection, matching);

  useEffect(() => {
    apiGet<DataManagerAction[]>('/api/dm/actions/').then(setActions, setError);
  }, []);

  const run = async (action: DataManagerAction) => {
    setBusy(true);
    setError(null);
    try {
      await apiPost(`/api/dm/actions?id=${encodeURIComponent(action.id)}&project=${projectId}`, {
        ...query,
        selectedItems: selectedItems(selection),
      });
      setConfirming(null);
      setChosen('');
      onDone(`${action.title}: done for ${count.toLocaleString('en-US')} tasks.`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const start = () => {
    const action = actions.find((each) => each.id === chosen);
    if (!action) return;
    if (action.dialog) setConfirming(action);
    else void run(action);
  };

  return (
    <div className="filter-bar" aria-label="Actions on the selected tasks">
      <span className="muted">{count.toLocaleString('en-US')} selected</span>
      <select
        aria-label="Action"
        value={chosen}
        disabled={count === 0}
        onChange={(event) => setChosen(event.target.value)}
      >
        <option value="">Choose an action…</option>
        {actions.map((action) => (
          <option key={action.id} value={action.id}>
            {action.title}
          </option>
        ))}
      </select>
      <Button disabled={!chosen || count === 0 || busy} onClick={start}>
        Run
      </Button>
      {confirming && (
        <div role="alertdialog" aria-label={confirming.dialog?.title ?? confirming.title}>
          <p>{confirming.dialog?.text}</p>
          <Button variant="danger" disabled={busy} onClick={() => void run(confirming)}>
            {busy ? 'Working…' : `Yes, ${confirming.title.toLowerCase()}`}
          </Button>
          <Button onClick={() => setConfirming(null)}>Cancel</Button>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
