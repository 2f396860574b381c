import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';

import { apiPost } from '../../api/client';
import { acceptInvite, previewInvite, signUp } from '../../api/team';
import type { InvitePreview } from '../../api/team';
import type { User } from '../../api/types';
import { Button, ErrorMessage } from '../../components/ui';
import { navigate, useQueryParam } from '../../router';
import './team.css';

type Mode = 'sign-up' | 'sign-in';

const MIN_PASSWORD_LENGTH = 8;

/**
 * Where an invite link lands. A newcomer signs up with the link's token; someone with an
 * account signs in (or already is) and joins. Either way the organization becomes their
 * active one and the projects page opens.
 */
export function InvitePage({
  user,
  onSignedIn,
}: {
  user: User | null;
  onSignedIn: (user: User) => void;
}) {
  const token = useQueryParam('token') ?? '';
  const [mode, setMode] = useState<Mode>('sign-up');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [deadLink, setDeadLink] = useState<unknown>(null);

  useEffect(() => {
    if (!token) return;
    let live = true;
    previewInvite(token).then(
      (found) => {
        if (!live) return;
        setPreview(found);
        if (found.email) setEmail(found.email);
      },
      (caught: unknown) => live && setDeadLink(caught),
    );
    return () => {
      live = false;
    };
  }, [token]);

  const destination = preview
    ? `${preview.organization.title} as ${preview.role}`
    : 'an organization on this LabelCore server';

  const run = async (work: () => Promise<User>) => {
    setBusy(true);
    setError(null);
    try {
      const joined = await work();
      onSignedIn(joined);
      navigate('/', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === 'sign-up' && password.length < MIN_PASSWORD_LENGTH) {
      setError(
        new Error(
          `The password must have at least ${MIN_PASSWORD_LENGTH} characters, got ${password.length}.`,
        ),
      );
      return;
    }
    void run(async () => {
      if (mode === 'sign-up') return (await signUp(email, password, token)).user;
      const answer = await apiPost<{ user: User }>('/api/auth/login', { email, password });
      // Signed in from here on, even if joining is refused: the page then offers to join
      // with the server's reason shown.
      onSignedIn(answer.user);
      await acceptInvite(token);
      return answer.user;
    });
  };

  const join = () =>
    void run(async () => {
      await acceptInvite(token);
      if (!user) throw new Error('Sign in first, then join.');
      return user;
    });

  if (!token) {
    return (
      <InviteCard title="This invite link is incomplete">
        <p className="muted">
          The link has no <code>token</code>: copy the whole link from the invitation, or ask the
          organization for a new one.
        </p>
      </InviteCard>
    );
  }

  if (deadLink) {
    return (
      <InviteCard title="This invite link cannot be used">
        <ErrorMessage error={deadLink} />
      </InviteCard>
    );
  }

  if (user) {
    return (
      <InviteCard title={preview ? `Join ${preview.organization.title}` : 'Join the organization'}>
        <p className="muted">
          You are signed in as <strong>{user.email}</strong>. Joining makes the inviting
          organization your active one.
        </p>
        <ErrorMessage error={error} />
        <Button variant="primary" type="button" disabled={busy} onClick={join}>
          {busy ? 'Joining…' : 'Join'}
        </Button>
      </InviteCard>
    );
  }

  const signingUp = mode === 'sign-up';
  return (
    <InviteCard title={signingUp ? 'Create your account' : 'Sign in to join'}>
      <form className="invite-form" onSubmit={submit}>
        <p className="muted">
          {signingUp
            ? `You were invited to ${destination}.`
            : 'Sign in with your account; the invite adds the organization to it.'}
        </p>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete={signingUp ? 'new-password' : 'current-password'}
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {signingUp && <p className="muted small">At least {MIN_PASSWORD_LENGTH} characters.</p>}
        <ErrorMessage error={error} />
        <Button variant="primary" type="submit" disabled={busy}>
          {signingUp
            ? busy
              ? 'Signing up…'
              : 'Sign up'
            : busy
              ? 'Signing in…'
              : 'Sign in and join'}
        </Button>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode(signingUp ? 'sign-in' : 'sign-up');
            setError(null);
          }}
        >
          {signingUp ? 'I already have an account' : 'I am new here: create an account'}
        </button>
      </form>
    </InviteCard>
  );
}

function InviteCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="login-page">
      <div className="card login-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          LabelCore
        </div>
        <h1 className="invite-title">{title}</h1>
        {children}
      </div>
    </main>
  );
}
