import { useState, type FormEvent } from 'react';
import { post } from '../api';
import { Link } from '../router';
import { emptyTrip, tripOf, TripFields, type TripState } from './TripFields';

const languages: [string, string][] = [
  ['en', 'English'], ['fr', 'Français'], ['es', 'Español'], ['ar', 'العربية'], ['de', 'Deutsch'], ['it', 'Italiano'], ['pt', 'Português'],
  ['nl', 'Nederlands'], ['ru', 'Русский'], ['zh', '中文'], ['fa', 'فارسی'], ['tr', 'Türkçe'], ['ku', 'Kurdî'],
];

/**
 * Enrol myself (mobile first): name, e-mail, optional phone, language, one trip, consent.
 * The server stores the enrolment unconfirmed and e-mails a link; alerts start once it is opened.
 */
export default function Enrol() {
  const [trip, setTrip] = useState<TripState>(emptyTrip);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const draft = tripOf(trip);
    if (!draft) { setResult({ ok: false, text: 'Choose the city you are travelling to.' }); return; }
    const contacts = [{ channel: 'email', address: text('email') }];
    if (text('phone')) contacts.push({ channel: 'sms', address: text('phone') });
    setBusy(true);
    setResult(null);
    try {
      const answer = await post<{ status: string }>('/api/public/enrol', {
        fullName: text('fullName'), language: text('language') || 'en', consent: form.get('consent') === 'on', contacts, trips: [draft],
      });
      setResult({ ok: true, text: answer.status });
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); } finally { setBusy(false); }
  };
  return (
    <div className="me">
      <h1>Enrol your trip</h1>
      <p className="lede">Tell us where you will be, so we can reach you in an emergency there. We e-mail you a link to confirm: alerts start once you open it.</p>
      <form className="card" onSubmit={submit} aria-labelledby="enrol-title">
        <h2 id="enrol-title">About you</h2>
        <label>Full name <input name="fullName" autoComplete="name" required maxLength={200} /></label>
        <label>E-mail address <input name="email" type="email" autoComplete="email" required /></label>
        <label>Mobile phone (optional, international form e.g. +964 770 123 4567) <input name="phone" type="tel" autoComplete="tel" inputMode="tel" /></label>
        <label>Language for messages
          <select name="language" defaultValue={(navigator.language || 'en').slice(0, 2)}>
            {languages.map(([code, name]) => <option key={code} value={code} lang={code}>{name}</option>)}
          </select>
        </label>
        <TripFields value={trip} onChange={setTrip} />
        <label className="check"><input name="consent" type="checkbox" required /> I agree to be contacted on these channels about emergencies where I am, and to my data being kept for that purpose.</label>
        {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Sending…' : 'Enrol'}</button>
      </form>
      <p className="muted small">Already enrolled? <Link href="/me">Sign in to My Warden</Link> to add or remove trips.</p>
    </div>
  );
}
