import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, del, get, post, put, type ApiResponse } from '../api';
import { useTranslation } from 'react-i18next';
import { useDate } from '../i18n';
import { PushUnavailable, subscribeThisDevice } from '../push';
import { Link } from '../router';
import { MyCrises } from './MyCrises';
import type { ChannelName as Channel } from '../../../src/vocabulary';
import { emptyTrip, tripOf, TripFields, type TripState } from './TripFields';

type Me = ApiResponse<'/api/me'>;
type Contact = Me['contacts'][number];


/**
 * "My Warden", mobile first: sign in with a one-time link sent by e-mail, then my trips, my alerts,
 * my answers and my contact points. Opening /me?token=… uses the link (the server sets an http-only
 * cookie scoped to /api/me) and removes the token from the address bar.
 */
export default function MyWarden() {
  const { t } = useTranslation();
  const formatDate = useDate();
  const answerLabel = (answer: string) => t(`checkin.${answer}`, { defaultValue: answer });
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
  if (me === undefined) return <p aria-busy="true">{t('site.loading')}</p>;
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
      <h1>{t('me.title')}</h1>
      <p>{t('me.signedInAs')} <strong data-testid="me-name"><bdi>{me.name}</bdi></strong>{me.organisation ? ` (${me.organisation})` : ''}. <button type="button" className="link" onClick={signOut}>{t('me.signOut')}</button></p>
      <MyCrises />
      <section className="card" aria-labelledby="my-alerts">
        <h2 id="my-alerts">{t('me.alerts')}</h2>
        {!me.alerts.length && <p className="muted">{t('me.noAlerts')}</p>}
        <ul className="plain stack">
          {me.alerts.map((a) => (
            <li key={a.id} data-testid="my-alert">
              <Link href={`/alerts/${a.id}`}><strong><bdi>{a.headline}</bdi></strong></Link>
              <br /><span className="muted small">{formatDate(a.publishedAt)}{a.state === 'cancelled' ? t('me.cancelled') : ''}</span>
              <br />{a.answer ? <>{t('me.yourAnswer')} <strong>{answerLabel(a.answer)}</strong> <span className="muted small">({formatDate(a.answeredAt)})</span></>
                : <span>{t('me.noAnswerHint')}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="my-trips">
        <h2 id="my-trips">{t('me.trips')}</h2>
        {!me.trips.length && <p className="muted">{t('me.noTrips')}</p>}
        <ul className="plain stack">
          {me.trips.map((trip) => {
            const current = Date.parse(trip.startsAt) <= now && (!trip.endsAt || Date.parse(trip.endsAt) >= now);
            return <li key={trip.id} data-testid="my-trip"><bdi><strong>{trip.placeName || trip.countryCode}</strong>, {trip.countryCode}</bdi> <span className="muted small">{formatDate(trip.startsAt)} – {trip.endsAt ? formatDate(trip.endsAt) : t('me.openEnded')}{current ? t('me.now') : ''}</span>
              {' '}<button type="button" className="link" onClick={() => removeTrip(trip.id)} aria-label={t('me.removeTrip', { place: trip.placeName || trip.countryCode, date: formatDate(trip.startsAt) })}>{t('me.remove')}</button></li>;
          })}
        </ul>
        {tripError && <p role="alert" className="error">{tripError}</p>}
        <AddTrip onAdded={reload} />
      </section>
      <section className="card" aria-labelledby="my-answers">
        <h2 id="my-answers">{t('me.answers')}</h2>
        {!me.answers.length && <p className="muted">{t('me.noAnswers')}</p>}
        <ul className="plain stack">
          {me.answers.map((a, i) => <li key={`${a.alertId}-${i}`}>{answerLabel(a.answer)} <span className="muted small">{t('me.answeredBy', { date: formatDate(a.answeredAt), channel: t(`me.via.${a.channel}`, { defaultValue: a.channel }) })}{a.place ? `, ${a.place}` : ''}</span>{a.message ? <><br /><q>{a.message}</q></> : null}</li>)}
        </ul>
      </section>
      <PushButton contacts={me.contacts} onSaved={(contacts) => setMe({ ...me, contacts })} />
      <ContactsForm contacts={me.contacts} onSaved={(contacts) => setMe({ ...me, contacts })} />
    </div>
  );
}

function SignInLink({ error }: { error: string | null }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<string | null>(error);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    setBusy(true);
    setFailure(null);
    try { await post('/api/me/login', { email }); setSent(true); } catch (e) { setFailure((e as Error).message); } finally { setBusy(false); }
  };
  return (
    <div className="me">
      <h1>{t('me.title')}</h1>
      <p>{t('me.intro')}</p>
      <form className="card" onSubmit={submit}>
        <label>{t('me.yourEmail')} <input name="email" type="email" dir="ltr" autoComplete="email" required /></label>
        {failure && <p role="alert" className="error">{failure}</p>}
        {sent && <p role="status" className="ok">{t('me.sent')}</p>}
        <button type="submit" disabled={busy}>{busy ? t('me.sending') : t('me.sendLink')}</button>
      </form>
      <p className="muted small">{t('me.notEnrolled')} <Link href="/enrol">{t('me.enrolLink')}</Link>{t('me.notEnrolledAfter')}</p>
    </div>
  );
}

/** Adds this browser as a web-push contact point; says plainly why when it cannot. */
function PushButton({ contacts, onSaved }: { contacts: Contact[]; onSaved: (c: Contact[]) => void }) {
  const { t } = useTranslation();
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
      setState({ busy: false, ok: t('me.pushDone') });
    } catch (e) {
      const problem = e instanceof PushUnavailable ? e : new PushUnavailable('failed', (e as Error).message);
      setState({ busy: false, error: t(`push.${problem.problem}`, { reason: problem.reason || t('push.noReason') }) });
    }
  };
  return (
    <section className="card" aria-labelledby="my-push">
      <h2 id="my-push">{t('push.title')}</h2>
      <p className="muted small">{t('me.pushHint')}</p>
      {state.ok && <p role="status" className="ok">{state.ok}</p>}
      {state.error && <p role="alert" className="error">{state.error}</p>}
      <button type="button" onClick={subscribe} disabled={state.busy}>{state.busy ? t('push.working') : t('me.pushButton')}</button>
    </section>
  );
}

/** People add e-mail addresses and phone numbers here; webhooks and push stay as their organisation set them. */
const optionsFor = (current: Channel): Channel[] => (current === 'webhook' || current === 'webpush' ? ['email', 'sms', current] : ['email', 'sms']);

function ContactsForm({ contacts, onSaved }: { contacts: Contact[]; onSaved: (c: Contact[]) => void }) {
  const { t } = useTranslation();
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
      setResult({ ok: true, text: t('me.saved') });
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
  };
  return (
    <form className="card" onSubmit={save} aria-labelledby="my-contacts">
      <h2 id="my-contacts">{t('me.contacts')}</h2>
      <p className="muted small">{t('me.contactsHint')}</p>
      {rows.map((r, i) => (
        <fieldset key={i} className="contact-row">
          <legend className="sr-only">{t('me.contactN', { n: i + 1 })}</legend>
          <label>{t('me.channelN', { n: i + 1 })}
            <select value={r.channel} onChange={(e) => set(i, { channel: e.target.value as Channel })}>
              {optionsFor(r.channel).map((c) => <option key={c} value={c}>{t(`me.channels.${c}`)}</option>)}
            </select>
          </label>
          <label>{t('me.addressN', { n: i + 1 })} <input dir="ltr" value={r.address} onChange={(e) => set(i, { address: e.target.value })} required inputMode={r.channel === 'sms' ? 'tel' : r.channel === 'email' ? 'email' : 'url'} /></label>
          <button type="button" className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={t('me.removeContact', { n: i + 1 })}>{t('me.remove')}</button>
        </fieldset>
      ))}
      <p><button type="button" className="secondary" onClick={() => setRows([...rows, { channel: 'sms', address: '', priority: rows.length }])}>{t('me.addPhone')}</button></p>
      {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
      <button type="submit">{t('me.save')}</button>
    </form>
  );
}

function AddTrip({ onAdded }: { onAdded: () => Promise<void> }) {
  const { t } = useTranslation();
  const [trip, setTrip] = useState<TripState>(emptyTrip);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const draft = tripOf(trip);
    if (!draft) { setResult({ ok: false, text: t('me.chooseCity') }); return; }
    setResult(null);
    try {
      await post('/api/me/trips', draft);
      setTrip(emptyTrip());
      await onAdded();
      setResult({ ok: true, text: t('me.tripAdded') });
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
  };
  return (
    <form onSubmit={add} aria-labelledby="add-trip">
      <h3 id="add-trip">{t('me.addTrip')}</h3>
      <TripFields value={trip} onChange={setTrip} />
      {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
      <button type="submit">{t('me.addThisTrip')}</button>
    </form>
  );
}
