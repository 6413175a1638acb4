import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, post, type Operator } from '../api';
import { Link, navigate } from '../router';
import { AdvisoryEditor } from './AdvisoryEditor';
import { Dashboard } from './Dashboard';
import { PostStatus } from './PostStatus';
import { can, SessionContext } from './session';
import { TravellerSearch } from './TravellerSearch';
import { consoleExtensions } from './extensions';
import { CaptureBanner } from './Mailbox';
import { scenarioClock, scenarioLabel, setScenarioClock } from './scenario';

export default function Console({ path }: { path: string }) {
  const [operator, setOperator] = useState<Operator | null | undefined>(undefined);
  useEffect(() => {
    // The scenario clock is read before any page renders: the composer's time window starts from it.
    get<Operator>('/api/auth/me').then(async (me) => {
      setScenarioClock(await get<{ name: string | null; asOf: string | null }>('/api/scenario').catch(() => null));
      setOperator(me);
    }, () => setOperator(null));
  }, []);
  if (operator === undefined) return <p aria-busy="true" className="pad">Loading…</p>;
  if (!operator) return <SignIn onSignedIn={setOperator} />;

  const sections = [
    { href: '/console', label: 'Dashboard', show: true },
    ...consoleExtensions.filter((e) => e.nav && can(operator, e.role)).map((e) => ({ href: e.path, label: e.nav!, show: true })),
    { href: '/console/advisories', label: 'Advisories', show: true },
    { href: '/console/posts', label: 'Posts', show: true },
    { href: '/console/travellers', label: 'Travellers', show: can(operator, 'editor') },
  ].filter((s) => s.show);

  const extension = consoleExtensions.find((e) => e.match(path));
  let page;
  if (path === '/console' || path === '/console/') page = <Dashboard />;
  else if (path.startsWith('/console/advisories')) page = <AdvisoryEditor initial={path.split('/')[3]?.toUpperCase()} />;
  else if (path.startsWith('/console/posts')) page = <PostStatus />;
  else if (path.startsWith('/console/travellers')) page = <TravellerSearch />;
  else if (extension) page = extension.render(path);
  else page = <p>Unknown console page. <Link href="/console">Dashboard</Link></p>;

  const signOut = async () => {
    await post('/api/auth/logout').catch(() => undefined);
    setOperator(null);
    navigate('/console');
  };
  return (
    <SessionContext.Provider value={operator}>
      <a href="#main" className="skip">Skip to content</a>
      <header className="site-header console-header">
        <Link href="/console" className="brand">Warden console</Link>
        <nav aria-label="Console">
          {sections.map((s) => (
            <Link key={s.href} href={s.href} aria-current={(s.href === '/console' ? path === '/console' : path.startsWith(s.href)) ? 'page' : undefined}>{s.label}</Link>
          ))}
        </nav>
        <ScenarioChip />
        <p className="who"><span data-testid="operator">{operator.label}</span> <span className="muted">({operator.role})</span>{' '}
          <button type="button" className="link" onClick={signOut}>Sign out</button> · <Link href="/">Public site</Link></p>
      </header>
      <CaptureBanner />
      <main id="main" tabIndex={-1} className="console">{page}</main>
    </SessionContext.Provider>
  );
}

/** With the demo, the moment the console stands at (its counts and the composer's window start there). */
function ScenarioChip() {
  const clock = scenarioClock();
  if (!clock) return null;
  return (
    <p className="scenario-clock" data-testid="scenario-clock" title="Demo data: the console counts from this moment, not from today. What you do is recorded when you do it.">
      Demo scenario · as of <time dateTime={clock.asOf}>{scenarioLabel(clock.asOf)}</time>
    </p>
  );
}

/** The unlock code from the e-mailed link (/console?unlock=…), taken out of the address bar at once. */
function takeUnlockCode(): string | undefined {
  const url = new URL(window.location.href);
  const unlock = url.searchParams.get('unlock') ?? undefined;
  if (unlock) { url.searchParams.delete('unlock'); window.history.replaceState(null, '', url.pathname + url.search); }
  return unlock;
}

function SignIn({ onSignedIn }: { onSignedIn: (op: Operator) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [unlock] = useState(takeUnlockCode);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const code = String(form.get('code') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await post('/api/auth/login', { email: String(form.get('email')), password: String(form.get('password')), ...(code ? { code } : {}), ...(unlock ? { unlock } : {}) });
      const me = await get<Operator>('/api/auth/me');
      setScenarioClock(await get<{ name: string | null; asOf: string | null }>('/api/scenario').catch(() => null));
      onSignedIn(me);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'Wrong e-mail or password (or authenticator code). After repeated failures, open the link we e-mailed you.' : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="signin">
      <h1>Sign in to the Warden console</h1>
      <form onSubmit={submit} className="card">
        <label>E-mail <input name="email" type="email" autoComplete="username" required /></label>
        <label>Password <input name="password" type="password" autoComplete="current-password" required /></label>
        <label>Authenticator code <span className="muted">(if you use one)</span> <input name="code" inputMode="numeric" pattern="[0-9]{6}" autoComplete="one-time-code" /></label>
        {unlock && <p className="muted" data-testid="unlock-note">The unlock code from your e-mail will be sent with this sign-in.</p>}
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <p><Link href="/">← Public site</Link></p>
    </main>
  );
}
