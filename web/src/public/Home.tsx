import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Advisory } from '../api';
import { useCountryName } from '../i18n';
import { badgeStyle } from '../levels';
import { WorldMap } from '../map/WorldMap';
import { Link } from '../router';
import { useFetch } from '../useFetch';
import { RecentAlerts } from './Alerts';

export function Home() {
  const { t } = useTranslation();
  const { data, error } = useFetch<{ items: Advisory[] }>('/api/advisories');
  const items = data?.items ?? [];
  const levels = useMemo(() => Object.fromEntries(items.map((a) => [a.countryCode, a.level])), [items]);
  return (
    <>
      <section aria-labelledby="map-title">
        <h1 id="map-title">{t('home.title')}</h1>
        <p className="lede">{t('home.lede')}</p>
        {error && <p role="alert" className="error">{t('home.loadFailed', { reason: error.message })}</p>}
        <WorldMap levels={levels} linkCountries label={t('home.mapLabel', { count: items.filter((a) => a.level === 4).length })} />
      </section>
      <RecentAlerts />
      <AdvisoryList items={items} />
    </>
  );
}

export function AdvisoryList({ items }: { items: Advisory[] }) {
  const { t, i18n } = useTranslation();
  const countryName = useCountryName();
  const named = items.map((a) => ({ ...a, countryName: countryName(a.countryCode, a.countryName) }));
  const [query, setQuery] = useState('');
  const [minLevel, setMinLevel] = useState(1);
  const shown = named
    .filter((a) => a.level >= minLevel && (!query || a.countryName.toLowerCase().includes(query.toLowerCase()) || a.countryCode === query.toUpperCase()))
    .sort((a, b) => b.level - a.level || a.countryName.localeCompare(b.countryName, i18n.language));
  return (
    <section aria-labelledby="list-title" id="list">
      <h2 id="list-title">{t('home.allAdvisories')}</h2>
      <div className="filters">
        <label>{t('home.country')} <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('home.countryPlaceholder')} /></label>
        <label>{t('home.atLeast')}
          <select value={minLevel} onChange={(e) => setMinLevel(Number(e.target.value))}>
            {[1, 2, 3, 4].map((l) => <option key={l} value={l}>{t('levels.label', { level: l })}</option>)}
          </select>
        </label>
      </div>
      <ul className="advisory-list">
        {shown.map((a) => (
          <li key={a.countryCode}>
            <Link href={`/country/${a.countryCode.toLowerCase()}`}>
              <span className="badge" style={badgeStyle(a.level)}>{t('levels.label', { level: a.level })}</span>
              <strong>{a.countryName}</strong> <span className="muted">{t(`levels.${a.level}`)}</span>
            </Link>
          </li>
        ))}
        {!shown.length && <li className="muted">{t('home.noMatch')}</li>}
      </ul>
    </section>
  );
}
