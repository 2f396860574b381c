// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { InvitePage } from './InvitePage';

afterEach(cleanup);

function openAt(path: string) {
  window.history.replaceState(null, '', path);
}

describe('InvitePage', () => {
  beforeEach(() => openAt('/user/signup/?token=abc'));

  it('asks a newcomer to sign up, and switches to signing in for someone with an account', () => {
    render(<InvitePage user={null} onSignedIn={() => undefined} />);

    expect(screen.getByRole('heading', { name: 'Create your account' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'I already have an account' }));
    expect(screen.getByRole('heading', { name: 'Sign in to join' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in and join' })).toBeTruthy();
  });

  it('refuses a short password before asking the server, saying how long it was', () => {
    render(<InvitePage user={null} onSignedIn={() => undefined} />);

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'new@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));

    expect(screen.getByRole('alert').textContent).toBe(
      'The password must have at least 8 characters, got 5.',
    );
  });

  it('offers a signed-in person to join', () => {
    render(<InvitePage user={{ id: 7, email: 'me@example.com' }} onSignedIn={() => undefined} />);

    expect(screen.getByText('me@example.com')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Join' })).toBeTruthy();
  });

  it('says what is wrong with a link that lost its token', () => {
    openAt('/user/signup/');
    render(<InvitePage user={null} onSignedIn={() => undefined} />);

    expect(screen.getByRole('heading', { name: 'This invite link is incomplete' })).toBeTruthy();
    expect(screen.queryByLabelText('Password')).toBeNull();
  });
});
