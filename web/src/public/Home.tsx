import { useMemo, useState } from 'react';
import type { Advisory } from '../api';
import { badgeStyle, levelLabels } from '../levels';
import { WorldMap } from '../map/WorldMap';
import { Link } from '../router';
import { useFetch } from '../useFetch';
import { RecentAlerts } from './Alerts';

export function Home() {
  const { data, error } = useFetch<{ items: Advisory[] }>('/api/advisories');
  const items = data?.items ?? [];
  const levels = useMemo(() => Object.fromEntries(items.map((a) => [a.countryCode, a.level])), [items]);
  return (
    <>
      <section aria-labelledby="map-title">
        <h1 id="map-title">Travel advisories</h1>
        <p className="lede">Where it is safe to go, and what to do if you are already there. Select a country for its advisory and its embassy's status.</p>
        {error && <p role="alert" className="error">Advisories could not load: {error.message}</p>}
        <WorldMap levels={levels} linkCountries label={`World map of travel advisories; ${items.filter((a) => a.level === 4).length} countries at level 4, Do not travel. The same information is in the list below.`} />
      </section>
      <RecentAlerts />
      <AdvisoryList items={items} />
    </>
  );
}

export function AdvisoryList({ items }: { items: Advisory[] }) {
  const [query, setQuery] = useState('');
  const [minLevel, setMinLevel] = useState(1);
  const shown = items
    .filter((a) => a.level >= minLevel && (!query || a.countryName.toLowerCase().includes(query.toLowerCase()) || a.countryCode === query.toUpperCase()))
    .sort((a, b) => b.level - a.level || a.countryName.localeCompare(b.countryName));
  return (
    <section aria-labelledby="list-title" id="list">
      <h2 id="list-title">All advisories</h2>
      <div className="filters">
        <label>Country <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. Iraq" /></label>
        <label>At least
          <select value={minLevel} onChange={(e) => setMinLevel(Number(e.target.value))}>
            {[1, 2, 3, 4].map((l) => <option key={l} value={l}>Level {l}</option>)}
          </select>
        </label>
      </div>
      <ul className="advisory-list">
        {shown.map((a) => (
          <li key={a.countryCode}>
            <Link href={`/country/${a.countryCode.toLowerCase()}`}>
              <span className="badge" style={badgeStyle(a.level)}>Level {a.level}</span>
              <strong>{a.countryName}</strong> <span className="muted">{levelLabels[a.level]}</span>
            </Link>
          </li>
        ))}
        {!shown.length && <li className="muted">No advisory matches.</li>}
      </ul>
    </section>
  );
}
