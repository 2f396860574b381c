// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { ApiToken } from '../../api/team';
import { CopyField } from './CopyField';
import { TokenTable } from './TokensPage';

afterEach(cleanup);

const NOW = new Date('2026-12-04T12:00:00Z');

function token(id: number, name: string, expires_at: string | null): ApiToken {
  return {
    id,
    kind: 'personal',
    name,
    hint: '…ab12',
    created_at: '2026-12-01T09:00:00',
    expires_at,
    last_used_at: null,
  };
}

describe('TokenTable', () => {
  it('marks an expired token and dates the others', () => {
    render(
      <TokenTable
        now={NOW}
        onRevoke={() => undefined}
        tokens={[token(1, 'old', '2026-12-03T00:00:00'), token(2, 'ci', '2027-01-01T00:00:00')]}
      />,
    );
    const [, oldRow, ciRow] = screen.getAllByRole('row');

    expect(within(oldRow as HTMLElement).getByText('expired')).toBeTruthy();
    expect(within(ciRow as HTMLElement).queryByText('expired')).toBeNull();
    expect(within(ciRow as HTMLElement).getByText('2027-01-01 00:00 UTC')).toBeTruthy();
  });

  it('revokes the token of the row clicked, naming it as text', () => {
    const revoked: number[] = [];
    const name = '<b onclick="x()">ci</b>';
    const view = render(
      <TokenTable
        now={NOW}
        onRevoke={(row) => revoked.push(row.id)}
        tokens={[token(4, 'first', null), token(5, name, null)]}
      />,
    );

    fireEvent.click(screen.getByRole('button', { name: `Revoke token ${name}` }));

    expect(revoked).toEqual([5]);
    expect(view.container.querySelector('b')).toBeNull();
  });
});

describe('CopyField', () => {
  it('selects the text for copying by hand where the clipboard is refused', async () => {
    // jsdom has no clipboard, as a browser without the permission refuses it.
    render(<CopyField label="Invite link" value="http://127.0.0.1/user/signup/?token=t" />);
    const field = screen.getByLabelText('Invite link') as HTMLInputElement;

    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));

    expect(await screen.findByRole('status')).toBeTruthy();
    expect(field.selectionStart).toBe(0);
    expect(field.selectionEnd).toBe(field.value.length);
  });
});
