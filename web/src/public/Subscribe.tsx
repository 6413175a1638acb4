import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { useCountryName } from '../i18n';
import { useFetch } from '../useFetch';

export function Feeds() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="feeds-title">
      <h2 id="feeds-title">{t('subscribe.feedsTitle')}</h2>
      <p>{t('subscribe.feedsIntro')}</p>
      <ul className="feed-links">
        <li><a href="/feeds/alerts.atom">{t('subscribe.feedAlerts')}</a> · <a href="/feeds/alerts.rss">RSS</a></li>
        <li><a href="/feeds/advisories.atom">{t('subscribe.feedAdvisories')}</a> · <a href="/feeds/advisories.rss">RSS</a></li>
        <li><a href="/api/public/advisories">{t('subscribe.feedJsonAdvisories')}</a> · <a href="/api/public/alerts">{t('subscribe.feedJsonAlerts')}</a></li>
      </ul>
    </section>
  );
}

export function Subscribe() {
  const { t, i18n } = useTranslation();
  const countryName = useCountryName();
  const countries = useFetch<{ items: { code: string; name: string }[] }>('/api/geo/countries');
  const [chosen, setChosen] = useState<string[]>([]);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email'));
    try {
      await post('/api/public/subscriptions', { email, countries: chosen });
      setResult({ ok: true, text: t('subscribe.sent') });
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
  };
  const sorted = (countries.data?.items ?? []).map((c) => ({ ...c, name: countryName(c.code, c.name) })).sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  return (
    <>
      <h1>{t('subscribe.title')}</h1>
      <p className="lede">{t('subscribe.lede')}</p>
      <form className="card" onSubmit={submit} aria-labelledby="sub-title">
        <h2 id="sub-title">{t('subscribe.formTitle')}</h2>
        <label>{t('subscribe.email')} <input name="email" type="email" dir="ltr" autoComplete="email" required /></label>
        <label>{t('subscribe.countries')}
          <select multiple size={8} value={chosen} onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))} required>
            {sorted.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select>
        </label>
        {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
        <button type="submit">{t('subscribe.button')}</button>
      </form>
      <p>{t('subscribe.travelling')}</p>
      <Feeds />
    </>
  );
}
