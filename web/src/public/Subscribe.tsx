import { useState, type FormEvent } from 'react';
import { post } from '../api';
import { useFetch } from '../useFetch';

export function Feeds() {
  return (
    <section aria-labelledby="feeds-title">
      <h2 id="feeds-title">Feeds</h2>
      <p>Machine-readable feeds for newsrooms, apps and other governments' systems.</p>
      <ul className="feed-links">
        <li><a href="/feeds/alerts.atom">Alerts (Atom, with CAP 1.2 links)</a> · <a href="/feeds/alerts.rss">RSS</a></li>
        <li><a href="/feeds/advisories.atom">Advisory changes (Atom)</a> · <a href="/feeds/advisories.rss">RSS</a></li>
        <li><a href="/api/public/advisories">All advisories as JSON</a> · <a href="/api/public/alerts">alerts as JSON</a></li>
      </ul>
    </section>
  );
}

export function Subscribe() {
  const countries = useFetch<{ items: { code: string; name: string }[] }>('/api/geo/countries');
  const [chosen, setChosen] = useState<string[]>([]);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email'));
    try {
      const answer = await post<{ detail: string }>('/api/public/subscriptions', { email, countries: chosen });
      setResult({ ok: true, text: answer.detail });
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
  };
  const sorted = [...(countries.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <h1>Stay informed</h1>
      <p className="lede">Get an e-mail when the advisory for a country changes or an alert is issued. We send a confirmation link first; every message has a one-click unsubscribe.</p>
      <form className="card" onSubmit={submit} aria-labelledby="sub-title">
        <h2 id="sub-title">Subscribe by e-mail</h2>
        <label>E-mail address <input name="email" type="email" autoComplete="email" required /></label>
        <label>Countries (choose one or more)
          <select multiple size={8} value={chosen} onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))} required>
            {sorted.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select>
        </label>
        {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
        <button type="submit">Subscribe</button>
      </form>
      <p>Travelling or living abroad? Ask your consular team to register your trip: registered travellers get alerts by e-mail and SMS for the places and dates they give, with a personal check-in link.</p>
      <Feeds />
    </>
  );
}
