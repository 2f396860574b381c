import type { CSSProperties } from 'react';

import { useHotkey, withAlpha } from '@labelcore/plugin-api';
import type { ControlOption } from '@labelcore/plugin-api';

interface OptionButtonProps {
  option: ControlOption;
  checked: boolean;
  role: 'radio' | 'checkbox' | 'switch';
  disabled: boolean;
  onToggle: () => void;
}

/** One choice or label: a chip that shows its hotkey and answers to it. */
export function OptionButton({ option, checked, role, disabled, onToggle }: OptionButtonProps) {
  useHotkey(option.hotkey, onToggle, !disabled);
  const style = {
    '--lc-option-color': option.color,
    '--lc-option-tint': withAlpha(option.color, 0.12),
  } as CSSProperties;

  return (
    <button
      type="button"
      role={role}
      aria-checked={checked}
      className={`lc-option ${checked ? 'lc-option-checked' : ''}`}
      style={style}
      disabled={disabled}
      onClick={onToggle}
      title={option.node.attrs.hint ?? option.title}
    >
      <span className="lc-option-dot" aria-hidden="true" />
      <span className="lc-option-title">{option.title}</span>
      {option.hotkey && <kbd className="lc-option-key">{option.hotkey}</kbd>}
    </button>
  );
}
