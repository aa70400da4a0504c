import { useEffect, useState } from 'react';
import { getJson, session, unauthorized } from './lib/api.ts';
import { match, navigate, type Route, useRoute } from './lib/router.ts';
import type { Actor } from './lib/types.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { ExceptionsPage } from './pages/ExceptionsPage.tsx';
import { GovernancePage } from './pages/GovernancePage.tsx';
import { GraphPage } from './pages/GraphPage.tsx';
import { Inbox } from './pages/Inbox.tsx';
import { PlanPage } from './pages/PlanPage.tsx';
import { RunPage } from './pages/RunPage.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { WorkLogPage } from './pages/WorkLogPage.tsx';

const NAV = [
  ['/', 'Inbox'],
  ['/audit', 'Audit'],
  ['/exceptions', 'Exceptions'],
  ['/graph', 'Context graph'],
  ['/governance', 'Governance'],
  ['/worklog', 'WorkLog'],
] as const;

function Page({ route, me }: { route: Route; me: Actor }) {
  const plan = match('/plans/:id', route.path);
  if (plan) return <PlanPage key={plan.id} id={plan.id!} me={me} />;
  const run = match('/runs/:id', route.path);
  if (run) return <RunPage key={run.id} id={run.id!} />;
  switch (route.path) {
    case '/':
      return <Inbox me={me} />;
    case '/audit':
      return <AuditPage route={route} />;
    case '/exceptions':
      return <ExceptionsPage />;
    case '/graph':
      return <GraphPage route={route} />;
    case '/governance':
      return <GovernancePage />;
    case '/worklog':
      return <WorkLogPage me={me} />;
  }
  return (
    <div className="page">
      <h1>Not found</h1>
      <p>
        No page here. <a href="/">Back to the inbox</a>.
      </p>
    </div>
  );
}

/** Same-origin links move inside the app instead of reloading it (and dropping nothing from the session). */
function followLinks(event: MouseEvent) {
  const link = (event.target as Element).closest('a');
  if (!link || link.target || link.origin !== location.origin || event.button !== 0) return;
  if (link.getAttribute('href')?.startsWith('#')) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
}

export function App() {
  const route = useRoute();
  const [me, setMe] = useState<Actor | null>();

  useEffect(() => {
    const signOut = () => {
      session.signOut();
      setMe(null);
    };
    unauthorized.addEventListener('unauthorized', signOut);
    if (session.key()) getJson<{ actor: Actor }>('/v1/whoami').then(({ actor }) => setMe(actor), signOut);
    else setMe(null);
    document.addEventListener('click', followLinks);
    return () => {
      unauthorized.removeEventListener('unauthorized', signOut);
      document.removeEventListener('click', followLinks);
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each new page takes the focus, for screen readers.
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [route.path]);

  if (me === undefined) return <p className="page">Loading…</p>;
  if (me === null) {
    return (
      <SignIn
        onSignedIn={(key, actor) => {
          session.signIn(key);
          setMe(actor);
        }}
      />
    );
  }
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href="/">
          Warrant
        </a>
        <nav aria-label="Main">
          {NAV.map(([path, label]) => (
            <a key={path} href={path} aria-current={route.path === path ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span className="who">
          {me.name} · {me.tenant_name} · {me.roles.join(', ')}
        </span>
        <button
          type="button"
          onClick={() => {
            session.signOut();
            setMe(null);
            navigate('/');
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} me={me} />
      </main>
    </>
  );
}
