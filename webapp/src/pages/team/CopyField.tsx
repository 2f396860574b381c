import { useEffect, useRef, useState } from 'react';

import { Button } from '../../components/ui';

type Outcome = 'idle' | 'copied' | 'select';

/**
 * A read-only field holding `value` and a button that copies it. Where the browser
 * refuses the clipboard, the text is selected so that the person copies it by hand.
 */
export function CopyField({ value, label }: { value: string; label: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome>('idle');

  useEffect(() => setOutcome('idle'), [value]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome('copied');
    } catch {
      field.current?.select();
      setOutcome('select');
    }
  };

  return (
    <div className="copy-field">
      <label className="field field-grow">
        <span>{label}</span>
        <input
          ref={field}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
        />
      </label>
      <Button type="button" onClick={() => void copy()}>
        {outcome === 'copied' ? 'Copied' : 'Copy'}
      </Button>
      {outcome === 'select' && (
        <span className="muted small" role="status">
          The browser did not allow copying: the text is selected, press Ctrl+C.
        </span>
      )}
    </div>
  );
}
