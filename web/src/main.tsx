import { lazy, StrictMode, Suspense, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { messageLanguages, type MessageLanguage } from '../../src/vocabulary';
import { endonym } from '../../src/i18n/languages';
import { currentLanguage, englishOnly, i18n, markEnglish, startI18n, switchLanguage } from './i18n';
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
  if (path === '/console' || path.startsWith('/console/')) return <EnglishConsole path={path} />;
  return <PublicShell path={path} />;
}

/** The console is English whatever the browser's language (its strings are not in the catalogs; shared parts such as the map read English). */
function EnglishConsole({ path }: { path: string }) {
  useEffect(markEnglish, []);
  return (
    <I18nextProvider i18n={englishOnly}>
      <Suspense fallback={<p aria-busy="true" className="pad">Loading console…</p>}><Console path={path} /></Suspense>
    </I18nextProvider>
  );
}

/** The visible language switcher: the catalogs' languages, each in its own name; the choice is remembered. */
function LanguageSwitcher() {
  const { t } = useTranslation();
  return (
    <label className="language-switcher">
      <span className="sr-only">{t('site.language')}</span>
      <select value={currentLanguage()} onChange={(e) => void switchLanguage(e.target.value as MessageLanguage)}>
        {messageLanguages.map((code) => <option key={code} value={code} lang={code}>{endonym(code)}</option>)}
      </select>
    </label>
  );
}

function PublicShell({ path }: { path: string }) {
  const { t } = useTranslation();
  const country = /^\/country\/([a-z]{2})\/?$/i.exec(path);
  const alert = /^\/alerts\/([0-9a-f-]{36})\/?$/i.exec(path);
  const loading = <p aria-busy="true">{t('site.loading')}</p>;
  let page;
  if (path === '/' || path === '') page = <Home />;
  else if (country) page = <CountryPage key={country[1]} code={country[1]!} />;
  else if (path === '/list') page = <ListPage />;
  else if (path === '/alerts') page = <RecentAlerts full />;
  else if (alert) page = <AlertPage key={alert[1]} id={alert[1]!} />;
  else if (path === '/subscribe') page = <Subscribe />;
  else if (path === '/enrol') page = <Suspense fallback={loading}><Enrol /></Suspense>;
  else if (path === '/me') page = <Suspense fallback={loading}><MyWarden /></Suspense>;
  else page = <><h1>{t('site.notFound')}</h1><p><Link href="/">{t('site.backToMap')}</Link></p></>;
  const nav = (href: string, key: string) => <Link href={href} aria-current={path === href ? 'page' : undefined}>{t(key)}</Link>;
  return (
    <>
      <a href="#main" className="skip">{t('site.skip')}</a>
      <header className="site-header">
        <Link href="/" className="brand">Warden</Link>
        <nav aria-label={t('site.mainNav')}>
          {nav('/', 'site.map')}
          {nav('/list', 'site.list')}
          {nav('/alerts', 'site.alerts')}
          {nav('/subscribe', 'site.subscribe')}
          {nav('/enrol', 'site.enrol')}
          {nav('/me', 'site.me')}
        </nav>
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
      <footer className="site-footer">
        <p>{t('site.feeds')} <a href="/feeds/alerts.atom">{t('site.feedAlerts')}</a> · <a href="/feeds/alerts.rss">{t('site.feedRss')}</a> · <a href="/feeds/advisories.atom">{t('site.feedAdvisories')}</a> · <a href="/api/public/advisories">{t('site.feedJson')}</a> · <Link href="/console">{t('site.console')}</Link></p>
        <p className="muted">{t('site.credits')}</p>
      </footer>
    </>
  );
}

function ListPage() {
  const { t } = useTranslation();
  const { data } = useFetch<{ items: Advisory[] }>('/api/advisories');
  return <><h1>{t('home.listPage')}</h1><AdvisoryList items={data?.items ?? []} /></>;
}

// The first paint is already in the visitor's language: the catalog is loaded before it.
void startI18n().then(() => {
  createRoot(document.getElementById('root')!).render(<StrictMode><I18nextProvider i18n={i18n}><App /></I18nextProvider></StrictMode>);
});
