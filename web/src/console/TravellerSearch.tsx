import { useState, type FormEvent } from 'react';
import { get, type ApiResponse } from '../api';
import { formatDate } from '../levels';
import { useFetch } from '../useFetch';

type Row = ApiResponse<'/api/travellers'>['items'][number];
type Traveller = ApiResponse<'/api/travellers/{id}'>;

export function TravellerSearch() {
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [selected, setSelected] = useState<Traveller | null>(null);
  const results = useFetch<{ items: Row[]; nextCursor: string | null }>(`/api/travellers?limit=50${submitted ? `&q=${encodeURIComponent(submitted)}` : ''}`);
  const search = (event: FormEvent) => { event.preventDefault(); setSubmitted(query.trim()); };
  return (
    <>
      <h1>Travellers</h1>
      <p className="muted">Personal data: every look-up is recorded in the audit log.</p>
      <form role="search" onSubmit={search} className="inline-form">
        <label>Name or organisation <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} /></label>
        <button type="submit">Search</button>
      </form>
      {results.error && <p role="alert" className="error">{results.error.message}</p>}
      <div className="two-col">
        <table className="table">
          <caption className="sr-only">Travellers</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Organisation</th><th scope="col">Language</th></tr></thead>
          <tbody>
            {(results.data?.items ?? []).map((t) => (
              <tr key={t.id}>
                <td><button type="button" className="link" onClick={() => get<Traveller>(`/api/travellers/${t.id}`).then(setSelected)}>{t.fullName}</button></td>
                <td>{t.organisation ?? '—'}</td><td>{t.language}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {selected && (
          <section className="card" aria-labelledby="traveller-title">
            <h2 id="traveller-title">{selected.fullName}</h2>
            <p className="muted">{selected.organisation ?? 'No organisation'} · {selected.language}{selected.optedOut ? ' · opted out' : ''}</p>
            <h3>Contacts</h3>
            <ul className="plain">{selected.contacts.map((c) => <li key={c.id}>{c.channel}: {c.address}</li>)}</ul>
            <h3>Trips</h3>
            <ul className="plain">{selected.trips.map((t) => <li key={t.id}>{t.placeName || t.countryCode} — {formatDate(t.startsAt)} to {t.resident ? 'resident' : formatDate(t.endsAt)}</li>)}</ul>
          </section>
        )}
      </div>
    </>
  );
}
