import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, del, get, post, put, type ApiResponse } from '../api';
import { formatDate } from '../levels';
import { subscribeThisDevice } from '../push';
import { Link } from '../router';
import { MyCrises } from './MyCrises';
import type { ChannelName as Channel } from '../../../src/vocabulary';
import { emptyTrip, tripOf, TripFields, type TripState } from './TripFields';

type Me = ApiResponse<'/api/me'>;
type Contact = Me['contacts'][number];

const answerLabels: Record<string, string> = { safe: 'I am safe', need_help: 'I need help', departed: 'I have left the area' };
const channelLabels: Record<Channel, string> = { email: 'E-mail', sms: 'SMS (phone number)', webhook: 'Webhook URL', webpush: 'Web push' };

/**
 * "My Warden", mobile first: sign in with a one-time link sent by e-mail, then my trips, my alerts,
 * my answers and my contact points. Opening /me?token=… uses the link (the server sets an http-only
 * cookie scoped to /api/me) and removes the token from the address bar.
 */
export default function MyWarden() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [tripError, setTripError] = useState<string | null>(null);
  useEffect(() => {
    const token = new URLSearchParams(location.search).get('token');
    const load = async () => {
      if (token) {
        history.replaceState(null, '', '/me');
        try { await get(`/api/me/session?token=${encodeURIComponent(token)}`); } catch (e) { setError((e as Error).message); }
      }
      try { setMe(await get<Me>('/api/me')); } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) setError((e as Error).message);
        setMe(null);
      }
    };
    void load();
  }, []);
  if (me === undefined) return <p aria-busy="true">Loading…</p>;
  if (!me) return <SignInLink error={error} />;
  const reload = async () => { setMe(await get<Me>('/api/me')); };
  const removeTrip = async (id: string) => {
    setTripError(null);
    try { await del(`/api/me/trips/${id}`); await reload(); } catch (e) { setTripError((e as Error).message); }
  };
  const signOut = async () => { await post('/api/me/logout').catch(() => undefined); setMe(null); };
  const now = Date.now();
  return (
    <div className="me">
      <h1>My Warden</h1>
      <p>Signed in as <strong data-testid="me-name">{me.name}</strong>{me.organisation ? ` (${me.organisation})` : ''}. <button type="button" className="link" onClick={signOut}>Sign out</button></p>
      <MyCrises />
      <section className="card" aria-labelledby="my-alerts">
        <h2 id="my-alerts">My alerts</h2>
        {!me.alerts.length && <p className="muted">No alert has been sent to you.</p>}
        <ul className="plain stack">
          {me.alerts.map((a) => (
            <li key={a.id} data-testid="my-alert">
              <Link href={`/alerts/${a.id}`}><strong>{a.headline}</strong></Link>
              <br /><span className="muted small">{formatDate(a.publishedAt)}{a.state === 'cancelled' ? ' · cancelled' : ''}</span>
              <br />{a.answer ? <>Your answer: <strong>{answerLabels[a.answer] ?? a.answer}</strong> <span className="muted small">({formatDate(a.answeredAt)})</span></>
                : <span>No answer yet — use the personal “Check in” link in the message we sent you.</span>}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="my-trips">
        <h2 id="my-trips">My trips</h2>
        {!me.trips.length && <p className="muted">No trips.</p>}
        <ul className="plain stack">
          {me.trips.map((t) => {
            const current = Date.parse(t.startsAt) <= now && (!t.endsAt || Date.parse(t.endsAt) >= now);
            return <li key={t.id} data-testid="my-trip"><strong>{t.placeName || t.countryCode}</strong>, {t.countryCode} <span className="muted small">{formatDate(t.startsAt)} – {t.endsAt ? formatDate(t.endsAt) : 'open-ended'}{current ? ' · now' : ''}</span>
              {' '}<button type="button" className="link" onClick={() => removeTrip(t.id)} aria-label={`Remove the trip to ${t.placeName || t.countryCode} from ${formatDate(t.startsAt)}`}>Remove</button></li>;
          })}
        </ul>
        {tripError && <p role="alert" className="error">{tripError}</p>}
        <AddTrip onAdded={reload} />
      </section>
      <section className="card" aria-labelledby="my-answers">
        <h2 id="my-answers">My answers</h2>
        {!me.answers.length && <p className="muted">None yet.</p>}
        <ul className="plain stack">
          {me.answers.map((a, i) => <li key={`${a.alertId}-${i}`}>{answerLabels[a.answer] ?? a.answer} <span className="muted small">— {formatDate(a.answeredAt)}, by {a.channel}{a.place ? `, ${a.place}` : ''}</span>{a.message ? <><br /><q>{a.message}</q></> : null}</li>)}
        </ul>
      </section>
      <PushButton contacts={me.contacts} onSaved={(contacts) => setMe({ ...me, contacts })} />
      <ContactsForm contacts={me.contacts} onSaved={(contacts) => setMe({ ...me, contacts })} />
    </div>
  );
}

function SignInLink({ error }: { error: string | null }) {
  const [sent, setSent] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(error);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    setBusy(true);
    setFailure(null);
    try { const r = await post<{ status: string }>('/api/me/login', { email }); setSent(r.status); } catch (e) { setFailure((e as Error).message); } finally { setBusy(false); }
  };
  return (
    <div className="me">
      <h1>My Warden</h1>
      <p>See your trips, the alerts sent to you and your answers, and keep your contact details up to date. We e-mail you a sign-in link: no password.</p>
      <form className="card" onSubmit={submit}>
        <label>Your e-mail address <input name="email" type="email" autoComplete="email" required /></label>
        {failure && <p role="alert" className="error">{failure}</p>}
        {sent && <p role="status" className="ok">{sent}. The link works once and expires soon.</p>}
        <button type="submit" disabled={busy}>{busy ? 'Sending…' : 'E-mail me a sign-in link'}</button>
      </form>
      <p className="muted small">Not enrolled? <Link href="/enrol">Enrol yourself and your trip</Link>, or ask your organisation’s travel-security team.</p>
    </div>
  );
}

/** Adds this browser as a web-push contact point; says plainly why when it cannot. */
function PushButton({ contacts, onSaved }: { contacts: Contact[]; onSaved: (c: Contact[]) => void }) {
  const [state, setState] = useState<{ busy: boolean; ok?: string; error?: string }>({ busy: false });
  const subscribe = async () => {
    setState({ busy: true });
    try {
      const address = await subscribeThisDevice();
      const others = contacts.filter((c) => !(c.channel === 'webpush' && c.address === address));
      const answer = await put<{ contacts: Contact[] }>('/api/me/contacts', {
        contacts: [...others, { channel: 'webpush', address, priority: others.length }].map((c) => ({ channel: c.channel, address: c.address, priority: c.priority })),
      });
      onSaved(answer.contacts);
      setState({ busy: false, ok: 'This device will show Warden alerts as notifications.' });
    } catch (e) {
      setState({ busy: false, error: (e as Error).message });
    }
  };
  return (
    <section className="card" aria-labelledby="my-push">
      <h2 id="my-push">Notifications on this device</h2>
      <p className="muted small">Alerts also appear as a notification here, with your check-in link.</p>
      {state.ok && <p role="status" className="ok">{state.ok}</p>}
      {state.error && <p role="alert" className="error">{state.error}</p>}
      <button type="button" onClick={subscribe} disabled={state.busy}>{state.busy ? 'Asking the browser…' : 'Get alerts as notifications'}</button>
    </section>
  );
}

/** People add e-mail addresses and phone numbers here; webhooks and push stay as their organisation set them. */
const optionsFor = (current: Channel): Channel[] => (current === 'webhook' || current === 'webpush' ? ['email', 'sms', current] : ['email', 'sms']);

function ContactsForm({ contacts, onSaved }: { contacts: Contact[]; onSaved: (c: Contact[]) => void }) {
  const [rows, setRows] = useState<Contact[]>(contacts);
  // A contact added elsewhere (this device's push subscription) shows up here at once.
  useEffect(() => setRows(contacts), [contacts]);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (i: number, patch: Partial<Contact>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    try {
      const answer = await put<{ contacts: Contact[] }>('/api/me/contacts', { contacts: rows.map((r) => ({ channel: r.channel, address: r.address, priority: r.priority })) });
      setRows(answer.contacts);
      onSaved(answer.contacts);
      setResult({ ok: true, text: 'Your contact details are saved.' });
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
  };
  return (
    <form className="card" onSubmit={save} aria-labelledby="my-contacts">
      <h2 id="my-contacts">How we reach you</h2>
      <p className="muted small">In a crisis we use every one of these, in this order. Keep at least one e-mail address: it is how you sign in.</p>
      {rows.map((r, i) => (
        <fieldset key={i} className="contact-row">
          <legend className="sr-only">Contact {i + 1}</legend>
          <label>Channel {i + 1}
            <select value={r.channel} onChange={(e) => set(i, { channel: e.target.value as Channel })}>
              {optionsFor(r.channel).map((c) => <option key={c} value={c}>{channelLabels[c]}</option>)}
            </select>
          </label>
          <label>Address {i + 1} <input value={r.address} onChange={(e) => set(i, { address: e.target.value })} required inputMode={r.channel === 'sms' ? 'tel' : r.channel === 'email' ? 'email' : 'url'} /></label>
          <button type="button" className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`Remove contact ${i + 1}`}>Remove</button>
        </fieldset>
      ))}
      <p><button type="button" className="secondary" onClick={() => setRows([...rows, { channel: 'sms', address: '', priority: rows.length }])}>Add a phone number</button></p>
      {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
      <button type="submit">Save contact details</button>
    </form>
  );
}

function AddTrip({ onAdded }: { onAdded: () => Promise<void> }) {
  const [trip, setTrip] = useState<TripState>(emptyTrip);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const draft = tripOf(trip);
    if (!draft) { setResult({ ok: false, text: 'Choose a city first.' }); return; }
    setResult(null);
    try {
      await post('/api/me/trips', draft);
      setTrip(emptyTrip());
      await onAdded();
      setResult({ ok: true, text: 'Trip added.' });
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
  };
  return (
    <form onSubmit={add} aria-labelledby="add-trip">
      <h3 id="add-trip">Add a trip</h3>
      <TripFields value={trip} onChange={setTrip} />
      {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
      <button type="submit">Add this trip</button>
    </form>
  );
}
