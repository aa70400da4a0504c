import { useEffect, useState } from 'react';
import { forgetActors } from './lib/actors.ts';
import { getJson, session, unauthorized } from './lib/api.ts';
import { match, navigate, type Route, useRoute } from './lib/router.ts';
import type { Actor } from './lib/types.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { ExceptionsPage } from './pages/ExceptionsPage.tsx';
import { GovernancePage } from './pages/GovernancePage.tsx';
import { GraphPage } from './pages/GraphPage.tsx';
import { Inbox } from './pages/Inbox.tsx';
import { PlanPage } from './pages/PlanPage.tsx';
import { PlansPage } from './pages/PlansPage.tsx';
import { RunPage } from './pages/RunPage.tsx';
import { RunsPage } from './pages/RunsPage.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { WorkLogPage } from './pages/WorkLogPage.tsx';

// Agents and break-glass keys act, they do not audit: the audit log and governance answer them 403
// (audit/routes.ts, governance/entitlement.ts's governance.read), so their links are not shown to them.
const READERS = ['admin', 'auditor', 'approver', 'operator', 'viewer'];

/** Each link with the roles that may open its page; no roles: every role. */
const NAV: readonly (readonly [path: string, label: string, roles?: readonly string[]])[] = [
  ['/', 'Inbox'],
  ['/plans', 'Plans'],
  ['/runs', 'Runs'],
  ['/audit', 'Audit', READERS],
  ['/exceptions', 'Exceptions'],
  ['/graph', 'Context graph'],
  ['/governance', 'Governance', READERS],
  ['/worklog', 'WorkLog'],
];

export const navFor = (me: Pick<Actor, 'roles'>) =>
  NAV.filter(([, , roles]) => !roles || me.roles.some((role) => roles.includes(role)));

function Page({ route, me }: { route: Route; me: Actor }) {
  const plan = match('/plans/:id', route.path);
  if (plan) return <PlanPage key={plan.id} id={plan.id!} me={me} />;
  const run = match('/runs/:id', route.path);
  if (run) return <RunPage key={run.id} id={run.id!} />;
  switch (route.path.replace(/(.)\/$/, '$1')) {
    case '/':
      return <Inbox me={me} />;
    case '/plans':
      return <PlansPage route={route} me={me} />;
    case '/runs':
      return <RunsPage route={route} me={me} />;
    case '/audit':
      return <AuditPage route={route} />;
    case '/exceptions':
      return <ExceptionsPage />;
    case '/graph':
      return <GraphPage route={route} />;
    case '/governance':
      return <GovernancePage me={me} />;
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
  if (!link || link.target || link.hasAttribute('download')) return;
  if (link.origin !== location.origin || event.button !== 0) return;
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
      forgetActors();
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
          forgetActors();
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
          {navFor(me).map(([path, label]) => (
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
            forgetActors();
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
