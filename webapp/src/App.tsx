import { useCallback, useEffect, useState } from 'react';

import { setServerSettings } from '@labelcore/plugin-api';

import { ApiError, apiGet, apiPost, setUnauthorizedHandler } from './api/client';
import type { User } from './api/types';
import { Button, ErrorMessage, Spinner } from './components/ui';
import { LabelPage } from './pages/LabelPage';
import { LoginPage } from './pages/LoginPage';
import { NewProjectPage } from './pages/NewProjectPage';
import { ProjectPage } from './pages/ProjectPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { ExportPage } from './pages/export/ExportPage';
import { ReviewPage } from './pages/review/ReviewPage';
import { WorkflowPage } from './pages/review/WorkflowPage';
import { InvitePage } from './pages/team/InvitePage';
import { OrganizationSwitcher } from './pages/team/OrganizationSwitcher';
import { ProjectMembersPage } from './pages/team/ProjectMembersPage';
import { TeamPage } from './pages/team/TeamPage';
import { TokensPage } from './pages/team/TokensPage';
import { Link, matchPath, navigate, usePath } from './router';

type Session = { state: 'checking' } | { state: 'anonymous' } | { state: 'signed-in'; user: User };

function Routes({ path, user }: { path: string; user: User }) {
  if (matchPath('/', path) || matchPath('/projects', path)) return <ProjectsPage />;
  if (matchPath('/projects/new', path)) return <NewProjectPage />;
  if (matchPath('/team', path)) return <TeamPage user={user} />;
  if (matchPath('/account/tokens', path)) return <TokensPage />;

  const labeling = matchPath('/projects/:id/label', path);
  if (labeling) return <LabelPage projectId={Number(labeling.id)} key={labeling.id} user={user} />;

  const review = matchPath('/projects/:id/review', path);
  if (review) return <ReviewPage projectId={Number(review.id)} key={review.id} />;
  const workflow = matchPath('/projects/:id/workflow', path);
  if (workflow) return <WorkflowPage projectId={Number(workflow.id)} key={workflow.id} />;

  const exporting = matchPath('/projects/:id/export', path);
  if (exporting) return <ExportPage projectId={Number(exporting.id)} key={exporting.id} />;

  const members = matchPath('/projects/:id/members', path);
  if (members) return <ProjectMembersPage projectId={Number(members.id)} key={members.id} />;

  const project = matchPath('/projects/:id', path);
  if (project) return <ProjectPage projectId={Number(project.id)} key={project.id} />;

  return (
    <main className="page">
      <h1>Page not found</h1>
      <p className="muted">
        Nothing lives at <code>{path}</code>. <Link href="/">Back to the projects</Link>.
      </p>
    </main>
  );
}

export function App() {
  const path = usePath();
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [error, setError] = useState<unknown>(null);

  const check = useCallback(async () => {
    try {
      const user = await apiGet<User>('/api/current-user/whoami');
      setServerSettings({ hypertextUnsafe: user.hypertext_unsafe === true });
      setSession({ state: 'signed-in', user });
    } catch (caught) {
      if (caught instanceof ApiError && (caught.status === 401 || caught.status === 403)) {
        setSession({ state: 'anonymous' });
      } else {
        setError(caught);
      }
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setSession({ state: 'anonymous' }));
    void check();
  }, [check]);

  const logout = async () => {
    await apiPost('/api/auth/logout').catch(() => undefined);
    setSession({ state: 'anonymous' });
    navigate('/');
  };

  if (error) {
    return (
      <main className="page">
        <ErrorMessage error={error} />
      </main>
    );
  }
  if (session.state === 'checking') return <Spinner />;
  if (matchPath('/user/signup', path)) {
    const user = session.state === 'signed-in' ? session.user : null;
    return (
      <InvitePage
        user={user}
        onSignedIn={(joined) => setSession({ state: 'signed-in', user: joined })}
      />
    );
  }
  if (session.state === 'anonymous') {
    return <LoginPage onLoggedIn={(user) => setSession({ state: 'signed-in', user })} />;
  }

  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          LabelCore
        </Link>
        <nav className="topbar-nav">
          <Link href="/">Projects</Link>
          <Link href="/team">Team</Link>
        </nav>
        <OrganizationSwitcher />
        <div className="topbar-user">
          <span className="muted">{session.user.email}</span>
          <Button variant="ghost" onClick={logout}>
            Sign out
          </Button>
        </div>
      </header>
      <Routes path={path} user={session.user} />
    </div>
  );
}
