import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { AlertPage, RecentAlerts } from './public/Alerts';
import { CountryPage } from './public/Country';
import { AdvisoryList, Home } from './public/Home';
import { Subscribe } from './public/Subscribe';
import { Link, usePath } from './router';
import { useFetch } from './useFetch';
import type { Advisory } from './api';
import './styles.css';

/** The console is a separate chunk: the public pages never download it. */
const Console = lazy(() => import('./console/Console'));
/** The traveller's pages are a small chunk of their own too. */
const MyWarden = lazy(() => import('./traveller/MyWarden'));
const Enrol = lazy(() => import('./traveller/Enrol'));

function App() {
  const path = usePath();
  if (path === '/console' || path.startsWith('/console/')) {
    return <Suspense fallback={<p aria-busy="true" className="pad">Loading console…</p>}><Console path={path} /></Suspense>;
  }
  return <PublicShell path={path} />;
}

function PublicShell({ path }: { path: string }) {
  const country = /^\/country\/([a-z]{2})\/?$/i.exec(path);
  const alert = /^\/alerts\/([0-9a-f-]{36})\/?$/i.exec(path);
  let page;
  if (path === '/' || path === '') page = <Home />;
  else if (country) page = <CountryPage key={country[1]} code={country[1]!} />;
  else if (path === '/list') page = <ListPage />;
  else if (path === '/alerts') page = <RecentAlerts full />;
  else if (alert) page = <AlertPage key={alert[1]} id={alert[1]!} />;
  else if (path === '/subscribe') page = <Subscribe />;
  else if (path === '/enrol') page = <Suspense fallback={<p aria-busy="true">Loading…</p>}><Enrol /></Suspense>;
  else if (path === '/me') page = <Suspense fallback={<p aria-busy="true">Loading…</p>}><MyWarden /></Suspense>;
  else page = <><h1>Not found</h1><p><Link href="/">Back to the map</Link></p></>;
  return (
    <>
      <a href="#main" className="skip">Skip to content</a>
      <header className="site-header">
        <Link href="/" className="brand">Warden</Link>
        <nav aria-label="Main">
          <Link href="/" aria-current={path === '/' ? 'page' : undefined}>Map</Link>
          <Link href="/list" aria-current={path === '/list' ? 'page' : undefined}>List</Link>
          <Link href="/alerts" aria-current={path === '/alerts' ? 'page' : undefined}>Alerts</Link>
          <Link href="/subscribe" aria-current={path === '/subscribe' ? 'page' : undefined}>Subscribe</Link>
          <Link href="/enrol" aria-current={path === '/enrol' ? 'page' : undefined}>Enrol</Link>
          <Link href="/me" aria-current={path === '/me' ? 'page' : undefined}>My Warden</Link>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
      <footer className="site-footer">
        <p>Feeds: <a href="/feeds/alerts.atom">Alerts (Atom/CAP)</a> · <a href="/feeds/alerts.rss">RSS</a> · <a href="/feeds/advisories.atom">Advisories</a> · <a href="/api/public/advisories">JSON</a> · <Link href="/console">Operator console</Link></p>
        <p className="muted">Map: Natural Earth (public domain), via world-atlas. Places: GeoNames (CC BY 4.0).</p>
      </footer>
    </>
  );
}

function ListPage() {
  const { data } = useFetch<{ items: Advisory[] }>('/api/advisories');
  return <><h1>Advisories by country</h1><AdvisoryList items={data?.items ?? []} /></>;
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
