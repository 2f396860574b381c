import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';

import { TOKEN_KINDS, createToken, listTokens, revokeToken } from '../../api/team';
import type { ApiToken, NewToken, TokenKind } from '../../api/team';
import { Button, EmptyState, ErrorMessage, Spinner } from '../../components/ui';
import { Link } from '../../router';
import { CopyField } from './CopyField';
import { formatMoment, isExpired, readDays } from './teamRules';
import './team.css';

const MAX_TOKEN_DAYS = 3650;

const KIND_TITLES: Record<TokenKind, string> = {
  personal: 'Personal access token (refreshed as Bearer)',
  legacy: 'Legacy token (sent as Token)',
};

const USAGE: Record<TokenKind, string> = {
  personal:
    "label-studio-sdk's LabelStudio(base_url=..., api_key=<this token>) exchanges it for short-lived Bearer tokens by itself.",
  legacy:
    'Send it as the header "Authorization: Token <this token>", as the legacy SDK Client(url, api_key) does.',
};

/** The caller's API tokens: listed, made with an optional expiry, revoked. */
export function TokensPage() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [made, setMade] = useState<ApiToken | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TokenKind>('personal');
  const [days, setDays] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    listTokens().then(setTokens).catch(setError);
  }, []);

  useEffect(load, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const expiry = readDays(days, 'The expiry', MAX_TOKEN_DAYS);
    if ('error' in expiry) {
      setError(new Error(`${expiry.error} Leave it empty for a token that does not expire.`));
      return;
    }

    const request: NewToken = { kind, name: name.trim() || kind };
    if (expiry.days !== undefined) request.expires_in_days = expiry.days;
    setBusy(true);
    setError(null);
    try {
      setMade(await createToken(request));
      setName('');
      setDays('');
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    setError(null);
    try {
      await revokeToken(token.id);
      if (made?.id === token.id) setMade(null);
    } catch (caught) {
      setError(caught);
    }
    load();
  };

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link href="/">Projects</Link> /
          </div>
          <h1>API tokens</h1>
          <p className="muted">
            Tokens let scripts and the Label Studio SDK act as you. A token is shown once, when it
            is made.
          </p>
        </div>
      </div>
      <section className="card team-section" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <form className="form-row" onSubmit={submit}>
          <label className="field field-grow">
            <span>Name</span>
            <input value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={kind} onChange={(event) => setKind(event.target.value as TokenKind)}>
              {TOKEN_KINDS.map((option) => (
                <option key={option} value={option}>
                  {KIND_TITLES[option]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Expires in days (optional)</span>
            <input
              inputMode="numeric"
              value={days}
              onChange={(event) => setDays(event.target.value)}
            />
          </label>
          <Button variant="primary" type="submit" disabled={busy}>
            {busy ? 'Making…' : 'Make token'}
          </Button>
        </form>
        <ErrorMessage error={error} />
        {made?.token && (
          <div className="success-message team-made">
            <CopyField label={`Token "${made.name}"`} value={made.token} />
            <p className="small">
              Copy it now: it is not shown again.{' '}
              {made.expires_at
                ? `It works until ${formatMoment(made.expires_at)}.`
                : 'It does not expire.'}
            </p>
            <p className="small muted">{USAGE[made.kind]}</p>
          </div>
        )}
      </section>
      <section className="card team-section" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your tokens</h2>
        {!tokens && !error && <Spinner />}
        {tokens?.length === 0 && <EmptyState title="No tokens yet" />}
        {tokens && tokens.length > 0 && <TokenTable tokens={tokens} onRevoke={revoke} />}
      </section>
    </main>
  );
}

export function TokenTable({
  tokens,
  onRevoke,
  now = new Date(),
}: {
  tokens: ApiToken[];
  onRevoke: (token: ApiToken) => void;
  now?: Date;
}) {
  return (
    <table className="task-table team-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Kind</th>
          <th>Token</th>
          <th>Made</th>
          <th>Expires</th>
          <th>Last used</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <td>{token.name}</td>
            <td>{token.kind}</td>
            <td>
              <code>{token.hint}</code>
            </td>
            <td className="muted small">{formatMoment(token.created_at, '')}</td>
            <td className="muted small">
              {isExpired(token.expires_at, now) ? (
                <span className="pill team-expired">expired</span>
              ) : (
                formatMoment(token.expires_at)
              )}
            </td>
            <td className="muted small">{formatMoment(token.last_used_at)}</td>
            <td className="team-actions">
              <Button
                variant="ghost"
                type="button"
                aria-label={`Revoke token ${token.name}`}
                onClick={() => onRevoke(token)}
              >
                Revoke
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
