import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, post, type Advisory, type ApiResponse } from '../api';
import { WorldMap, type MapMarker } from '../map/WorldMap';
import { Link, navigate } from '../router';
import { useFetch } from '../useFetch';
import { boardLabels, type BoardStatus } from './Accountability';
import type { AlertView } from './alert-types';
import { incidentActions } from './incident-actions';
import { can, useOperator } from './session';

/** Generated from the OpenAPI document (web/src/api/schema.d.ts, `npm run gen:api`). */
export type Crisis = ApiResponse<'/api/crises/{id}'>;
type CrisisBoard = ApiResponse<'/api/crises/{id}/board'>;
type PeoplePage = ApiResponse<'/api/crises/{id}/people'>;
type Departure = ApiResponse<'/api/crises/{id}/departures'>['items'][number];
type NoticeSent = ApiResponse<'/api/crises/{id}/departures/{departureId}/notify', 'post'>;

const statuses: BoardStatus[] = ['need_help', 'unreachable', 'no_answer', 'departed', 'safe'];
const utc = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
const day = (iso: string) => iso.slice(0, 10);
const channelNames: Record<string, string> = { email: 'e-mail', sms: 'SMS', webhook: 'webhook', webpush: 'web push', link: 'link' };

// The incident page's "Open a crisis": the form below, filled from the incident.
incidentActions.push({ label: 'Open a crisis', role: 'editor', run: (incidentId) => navigate(`/console/crises?incident=${incidentId}`) });

type IncidentHead = ApiResponse<'/api/incidents/{id}'>;

/** Crises, newest first, and the form that opens one (from scratch or, with ?incident=, from an intake incident). */
export function CrisisList() {
  const incidentId = new URLSearchParams(location.search).get('incident');
  const incident = useFetch<IncidentHead>(incidentId ? `/api/incidents/${incidentId}` : null);
  if (incidentId && !incident.data && !incident.error) return <p aria-busy="true">Loading…</p>;
  return <CrisisListWith incident={incident.data} incidentError={incident.error?.message ?? null} />;
}

function CrisisListWith({ incident, incidentError }: { incident: IncidentHead | null; incidentError: string | null }) {
  const op = useOperator();
  const list = useFetch<ApiResponse<'/api/crises'>>('/api/crises');
  const alerts = useFetch<ApiResponse<'/api/alerts'>>(can(op, 'editor') ? '/api/alerts?state=published&limit=50' : null);
  const [error, setError] = useState<string | null>(null);
  const open = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const countries = text('countries').split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase());
    const body = {
      ...(text('name') ? { name: text('name') } : {}), ...(countries.length ? { area: { countries } } : {}),
      ...(text('startsAt') ? { startsAt: text('startsAt') } : {}), ...(text('endsAt') ? { endsAt: text('endsAt') } : {}),
      ...(text('incidentId') ? { incidentId: text('incidentId') } : {}), alertIds: f.getAll('alertIds').map(String),
    };
    setError(null);
    try {
      const crisis = await post<Crisis>('/api/crises', body);
      navigate(`/console/crises/${crisis.id}`);
    } catch (e) { setError((e as Error).message); }
  };
  return (
    <>
      <h1>Crises</h1>
      {list.error && <p role="alert" className="error">{list.error.message}</p>}
      <ul className="plain" data-testid="crisis-list">
        {list.data?.items.map((c) => (
          <li key={c.id} className="card">
            <Link href={`/console/crises/${c.id}`}><strong>{c.name}</strong></Link> <span className={`pill${c.state === 'open' ? ' status-need_help' : ''}`}>{c.state}</span>
            <br /><span className="muted small">{c.areaDescription} · from {day(c.startsAt)}{c.endsAt ? ` to ${day(c.endsAt)}` : ''} · {c.alerts.length} alert(s)</span>
          </li>
        ))}
        {list.data && !list.data.items.length && <li className="muted">No crisis yet.</li>}
      </ul>
      {can(op, 'editor') && (
        <form className="card" onSubmit={open} aria-labelledby="open-crisis">
          <h2 id="open-crisis">Open a crisis</h2>
          {incidentError && <p role="alert" className="error">{incidentError}</p>}
          {incident && <p data-testid="crisis-from-incident">From the incident <Link href={`/console/incidents/${incident.id}`}>{incident.title}</Link>: check the name, countries and first day.</p>}
          <label>Name <input name="name" placeholder="Iraq, 3 January 2020" defaultValue={incident?.title} /></label>
          <label>Countries (ISO codes) <input name="countries" placeholder="IQ" defaultValue={incident?.countryCodes.join(', ')} /></label>
          <label>Starts on <input name="startsAt" type="date" defaultValue={incident?.firstSeen.slice(0, 10)} /></label>
          <label>Ends on (optional) <input name="endsAt" type="date" /></label>
          {incident ? <input type="hidden" name="incidentId" value={incident.id} /> : <label>From an intake incident (id, optional) <input name="incidentId" /></label>}
          {!!alerts.data?.items.length && (
            <fieldset><legend>Alerts already sent for it</legend>
              {alerts.data.items.map((a) => <label key={a.id} className="check"><input type="checkbox" name="alertIds" value={a.id} /> {a.infos[0]?.headline} <span className="muted small">({a.recipientCount ?? 0} people)</span></label>)}
            </fieldset>
          )}
          {error && <p role="alert" className="error">{error}</p>}
          <button type="submit">Open the crisis</button>
        </form>
      )}
    </>
  );
}

/** POST/PUT with If-Match: the crisis version this screen shows; a 409 says what changed in between. */
function useCrisisWrite(crisis: Crisis | null, reload: () => void) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const write = async <T,>(method: 'POST' | 'PUT', path: string, body: unknown, done: (result: T) => string) => {
    if (!crisis) return;
    setBusy(true);
    setMessage(null);
    try {
      const result = await api<T>(method, `/api/crises/${crisis.id}${path}`, body, { 'if-match': `"${crisis.version}"` });
      setMessage({ ok: true, text: done(result) });
    } catch (e) {
      const conflict = e instanceof ApiError && e.status === 409 && e.errors.some((x) => x.field === 'If-Match');
      setMessage({ ok: false, text: conflict ? `Someone else acted first — ${(e as ApiError).errors.filter((x) => x.field === 'changes').map((x) => x.message).join('; ')}. The room is reloaded: check and try again.` : (e as Error).message });
    } finally {
      setBusy(false);
      reload();
    }
  };
  return { write, message, busy };
}

export function CrisisRoom({ id }: { id: string }) {
  const op = useOperator();
  const editor = can(op, 'editor');
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  const q = `tick=${tick}`;
  const crisis = useFetch<Crisis>(`/api/crises/${id}?${q}`);
  const board = useFetch<CrisisBoard>(`/api/crises/${id}/board?${q}`, 5000);
  const map = useFetch<ApiResponse<'/api/crises/{id}/map'>>(`/api/crises/${id}/map?${q}`, 10000);
  const timeline = useFetch<ApiResponse<'/api/crises/{id}/timeline'>>(`/api/crises/${id}/timeline?${q}`, 10000);
  const advisories = useFetch<{ items: Advisory[] }>('/api/advisories');
  const levels = useMemo(() => Object.fromEntries((advisories.data?.items ?? []).map((a) => [a.countryCode, a.level])), [advisories.data]);
  const c = crisis.data;
  const { write, message, busy } = useCrisisWrite(c, reload);
  if (crisis.error) return <p role="alert" className="error">{crisis.error.message}</p>;
  if (!c) return <p aria-busy="true">Loading…</p>;
  const open = c.state === 'open';
  const focus = c.area.countries?.[0] ?? c.area.subdivisions?.[0]?.slice(0, 2);
  const markers: MapMarker[] = (map.data?.clusters ?? []).filter((k) => k.lat !== null && k.lon !== null).map((k) => {
    const worst = statuses.find((s) => k.counts[s] > 0) ?? 'no_answer';
    return { lat: k.lat!, lon: k.lon!, r: Math.min(22, 6 + Math.sqrt(k.total) * 1.5), className: `status-${worst}`, text: String(k.total),
      label: `${k.city}: ${k.total} people — ${statuses.filter((s) => k.counts[s]).map((s) => `${k.counts[s]} ${boardLabels[s].toLowerCase()}`).join(', ')}` };
  });
  return (
    <>
      <p><Link href="/console/crises">← Crises</Link></p>
      <h1 data-testid="crisis-name">{c.name} <span className={`pill${open ? ' status-need_help' : ''}`}>{c.state}</span></h1>
      <p className="muted">{c.areaDescription} · from {day(c.startsAt)}{c.endsAt ? ` to ${day(c.endsAt)}` : ''} · version {c.version}{c.closedAt ? ` · closed ${utc(c.closedAt)}` : ''}</p>
      <div aria-live="polite">{message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} data-testid="crisis-message">{message.text}</p>}</div>
      <section className="card" aria-labelledby="crisis-board">
        <h2 id="crisis-board">Accountability across the crisis</h2>
        <ul className="board-counts" aria-label="People by status">
          {(['safe', 'departed', 'need_help', 'no_answer', 'unreachable'] as const).map((s) => (
            <li key={s} className={`board-count status-${s}`}><span className="big-number" data-testid={`crisis-${s}`}>{board.data ? board.data.counts[s] : '…'}</span> {boardLabels[s]}</li>
          ))}
        </ul>
        {board.data && <p className="muted small" data-testid="crisis-total">{board.data.total} people · {board.data.helpOpen} "need help" still open · each person's latest answer to any alert of the crisis</p>}
      </section>
      <div className="crisis-grid">
        <section className="card" aria-labelledby="crisis-map">
          <h2 id="crisis-map">Where they are</h2>
          <WorldMap levels={levels} focus={focus} markers={markers} label={`People of the crisis by city: ${markers.length} places`} height={420} />
          <div className="table-wrap" role="region" aria-label="Counts per city" tabIndex={0}>
            <table className="table" data-testid="city-counts"><thead><tr><th scope="col">City</th><th scope="col">People</th>{statuses.map((s) => <th key={s} scope="col">{boardLabels[s]}</th>)}</tr></thead>
              <tbody>{map.data?.clusters.map((k) => <tr key={k.city}><th scope="row">{k.city}</th><td>{k.total}</td>{statuses.map((s) => <td key={s}>{k.counts[s]}</td>)}</tr>)}</tbody></table>
          </div>
        </section>
        <section className="card" aria-labelledby="crisis-timeline">
          <h2 id="crisis-timeline">Timeline <span className="muted small">(newest first)</span></h2>
          <ol className="timeline" data-testid="timeline">
            {timeline.data?.items.slice(-150).reverse().map((item, i) => <li key={i} className={`kind-${item.kind}`}><span className="muted small">{utc(item.at)}</span><br />{item.summary}</li>)}
          </ol>
        </section>
      </div>
      <AlertsCard crisis={c} editor={editor} />
      {editor && <Actions crisis={c} write={write} busy={busy} />}
      {editor && ['need_help', 'no_answer', 'unreachable'].map((list) => <PeopleList key={`${list}${tick}`} crisisId={id} list={list as 'need_help' | 'no_answer' | 'unreachable'} open={open} write={write} />)}
      {editor && <Departures crisis={c} reload={reload} />}
      {!editor && <p className="muted small">Editors and above see the people behind each number and can act.</p>}
    </>
  );
}

function AlertsCard({ crisis, editor }: { crisis: Crisis; editor: boolean }) {
  const first = `/console/alerts/new?crisis=${crisis.id}${crisis.incidentId ? `&incident=${crisis.incidentId}` : ''}`;
  return (
    <section className="card" aria-labelledby="crisis-alerts">
      <h2 id="crisis-alerts">Messages of the crisis</h2>
      {!crisis.alerts.length && <p className="muted">No message yet.</p>}
      {editor && crisis.state === 'open' && !crisis.alerts.length && (
        <p><Link href={first} className="button-link">{crisis.incidentId ? 'Compose the first alert from the incident' : 'Compose the first alert'}</Link></p>
      )}
      <ol data-testid="crisis-alerts">
        {crisis.alerts.map((a) => (
          <li key={a.id}><Link href={`/console/alerts/${a.id}`}>{a.msgType}: {a.headline}</Link> <span className="pill">{a.state}</span>
            {a.id === crisis.currentAlertId && <strong> (current)</strong>} <span className="muted small">{utc(a.publishedAt)} · {a.recipientCount ?? '—'} people</span></li>
        ))}
      </ol>
    </section>
  );
}

type Write = ReturnType<typeof useCrisisWrite>['write'];
type SendResult = ApiResponse<'/api/crises/{id}/update', 'post', 201>;

function Actions({ crisis, write, busy }: { crisis: Crisis; write: Write; busy: boolean }) {
  const current = useFetch<AlertView & { expires: string | null }>(crisis.currentAlertId ? `/api/alerts/${crisis.currentAlertId}` : null);
  const open = crisis.state === 'open';
  const a = current.data;
  const first = a?.infos[0];
  const sendUpdate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!a || !first) return;
    const f = new FormData(event.currentTarget);
    const info = { ...first, headline: String(f.get('headline')), description: String(f.get('description')), instruction: String(f.get('instruction')) };
    const expires = a.expires && Date.parse(a.expires) > Date.now() ? { expires: a.expires } : {};
    void write<SendResult>('POST', '/update', { kind: a.kind, sender: a.sender, area: a.area, ...expires, infos: [info, ...a.infos.slice(1)] },
      (r) => (r.published ? 'Update sent: it references the previous message; answers already given still count.' : `Update submitted: ${r.reason}.`));
  };
  const setPolicy = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    void write('PUT', '/escalation', { afterMinutes: Number(f.get('afterMinutes')), maxRounds: Number(f.get('maxRounds')) }, () => 'Escalation policy saved for every message of the crisis.');
  };
  const close = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const choice = String(new FormData(event.currentTarget).get('queued') ?? '');
    void write<ApiResponse<'/api/crises/{id}/close', 'post'>>('POST', '/close', choice ? { queuedDeliveries: choice } : {},
      (r) => `Crisis closed.${!r.pending ? '' : choice === 'cancel' ? ` Of ${r.pending} pending deliveries, ${r.cancelled} queued were cancelled; ${r.pending - r.cancelled} already being sent will finish.` : ` ${r.pending} pending deliveries will finish.`}`);
  };
  return (
    <section className="card" aria-labelledby="crisis-actions">
      <h2 id="crisis-actions">Actions</h2>
      {!open && <p className="muted">The crisis is closed.</p>}
      {open && a && first && (
        <form onSubmit={sendUpdate} aria-labelledby="send-update" data-testid="update-form" key={a.id}>
          <h3 id="send-update">Send an update of “{first.headline}”</h3>
          <label>Headline <input name="headline" defaultValue={first.headline} maxLength={160} required /></label>
          <label>What happened <textarea name="description" defaultValue={first.description} rows={3} required /></label>
          <label>What to do (one action per line) <textarea name="instruction" defaultValue={first.instruction} rows={3} required /></label>
          <div className="actions-row">
            <button type="submit" disabled={busy}>Send update</button>
            <button type="button" className="secondary" disabled={busy} onClick={() => { if (window.confirm(`Cancel “${first.headline}”? Everyone it reached is told.`)) void write<SendResult>('POST', '/cancel', {}, (r) => (r.published ? 'Cancel sent.' : `Cancel submitted: ${r.reason}.`)); }}>Cancel the alert</button>
          </div>
        </form>
      )}
      {open && (
        <div className="actions-row">
          <form onSubmit={setPolicy} className="actions-row" aria-label="Escalation policy">
            <label>Chase after (minutes) <input name="afterMinutes" type="number" min="0.1" step="0.1" defaultValue={crisis.policy.afterMinutes} required /></label>
            <label>Rounds in all <input name="maxRounds" type="number" min="1" max="10" defaultValue={crisis.policy.maxRounds} required /></label>
            <button type="submit" className="secondary" disabled={busy}>Set policy</button>
          </form>
          <button type="button" disabled={busy || !crisis.currentAlertId} onClick={() => void write<ApiResponse<'/api/crises/{id}/escalate', 'post'>>('POST', '/escalate', {}, (r) => `Escalated: ${r.reminders} reminder(s) queued to people with no answer to any message.`)}>Escalate now</button>
          <a className="button-link" href={`/api/crises/${crisis.id}/people?list=all&format=csv`} download>Export CSV</a>
        </div>
      )}
      {open && (
        <form onSubmit={close} className="actions-row" aria-label="Close the crisis">
          <label>Deliveries still queued
            <select name="queued" defaultValue=""><option value="">(none expected)</option><option value="finish">let them finish</option><option value="cancel">cancel them</option></select>
          </label>
          <button type="submit" className="secondary" disabled={busy}>Close the crisis</button>
        </form>
      )}
    </section>
  );
}

const listTitles = { need_help: 'Need help (open)', no_answer: 'No answer to any message', unreachable: 'Not reachable' } as const;

function PeopleList({ crisisId, list, open, write }: { crisisId: string; list: keyof typeof listTitles; open: boolean; write: Write }) {
  const people = useFetch<PeoplePage>(`/api/crises/${crisisId}/people?list=${list}&limit=50`, 10000);
  const handled = (p: PeoplePage['items'][number]) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '');
    void write('POST', `/people/${p.travellerId}/help-handled`, { note }, () => `Help for ${p.name} marked handled.`);
  };
  return (
    <section className="card" aria-labelledby={`list-${list}`}>
      <h2 id={`list-${list}`}>{listTitles[list]} {people.data && <span className="muted">({people.data.items.length}{people.data.nextOffset !== null ? '+' : ''})</span>}</h2>
      {people.error && <p role="alert" className="error">{people.error.message}</p>}
      {people.data && !people.data.items.length && <p className="muted">Nobody.</p>}
      {!!people.data?.items.length && (
        <ul className="plain people-cards" data-testid={`list-${list}`} aria-label={listTitles[list]}>
          {people.data.items.map((p) => (
            <li key={p.travellerId} className="person">
              <p><strong>{p.name}</strong> <span className={`pill status-${p.status}`}>{boardLabels[p.status]}</span> <span className="muted">{p.city ?? ''}</span></p>
              <p className="small">{p.deliveries.map((d) => `${channelNames[d.channel] ?? d.channel}: ${d.state}${d.error ? ` (${d.error})` : ''}`).join(' · ') || 'no channel'}</p>
              {p.answeredAt && <p className="small">Answered {utc(p.answeredAt)} by {channelNames[p.answeredBy ?? ''] ?? p.answeredBy}{p.message && <> — <q>{p.message}</q></>}</p>}
              {list === 'need_help' && open && (
                <form onSubmit={handled(p)} className="actions-row" aria-label={`Handled: ${p.name}`}><label>Note <input name="note" required maxLength={1000} /></label><button type="submit" className="secondary">Mark handled</button></form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Departures({ crisis, reload }: { crisis: Crisis; reload: () => void }) {
  const requests = useFetch<ApiResponse<'/api/crises/{id}/departure-requests'>>(`/api/crises/${crisis.id}/departure-requests`, 10000);
  const departures = useFetch<ApiResponse<'/api/crises/{id}/departures'>>(`/api/crises/${crisis.id}/departures`);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (action: () => Promise<string>) => {
    setMessage(null);
    try { setMessage({ ok: true, text: await action() }); } catch (e) { setMessage({ ok: false, text: (e as Error).message }); }
    requests.reload(); departures.reload(); reload();
  };
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const departsAt = new Date(String(f.get('departsAt'))).toISOString().replace('Z', '+00:00');
    void run(async () => {
      const d = await post<Departure>(`/api/crises/${crisis.id}/departures`, { kind: f.get('kind'), label: f.get('label'), capacity: Number(f.get('capacity')), departsAt, assemblyPoint: f.get('assemblyPoint') });
      return `Departure “${d.label}” planned.`;
    });
  };
  const assign = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const requestIds = f.getAll('requestIds').map(String);
    void run(async () => {
      const d = await post<Departure>(`/api/crises/${crisis.id}/departures/${String(f.get('departureId'))}/assign`, { requestIds });
      return `${requestIds.length} request(s) assigned to “${d.label}”: ${d.seatsTaken} of ${d.capacity} seats taken.`;
    });
  };
  const notify = (d: Departure) => run(async () => {
    const r = await post<NoticeSent>(`/api/crises/${crisis.id}/departures/${d.id}/notify`);
    return `${r.recipients} ${r.recipients === 1 ? 'person' : 'people'} of “${d.label}” notified (${r.deliveries} ${r.deliveries === 1 ? 'message' : 'messages'} queued).`;
  });
  return (
    <section className="card" aria-labelledby="departures">
      <h2 id="departures">Departure assistance</h2>
      <div aria-live="polite">{message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} data-testid="departure-message">{message.text}</p>}</div>
      <h3>Requests “I need help to leave”</h3>
      {requests.data && !requests.data.items.length && <p className="muted">No request yet.</p>}
      {!!requests.data?.items.length && (
        <form onSubmit={assign} aria-label="Assign requests to a departure">
          <div className="table-wrap" role="region" aria-label="Departure requests" tabIndex={0}>
            <table className="table" data-testid="departure-requests">
              <thead><tr><th scope="col">Pick</th><th scope="col">Name</th><th scope="col">Party</th><th scope="col">Phone</th><th scope="col">City</th><th scope="col">Departure</th></tr></thead>
              <tbody>{requests.data.items.map((r) => (
                <tr key={r.id}><td><input type="checkbox" name="requestIds" value={r.id} aria-label={`Pick ${r.name}`} /></td><th scope="row">{r.name}</th><td>{r.partySize}</td><td>{r.phone}</td><td>{r.city ?? '—'}</td><td>{r.departureLabel ?? '—'}{r.note && <><br /><q>{r.note}</q></>}</td></tr>
              ))}</tbody>
            </table>
          </div>
          {!!departures.data?.items.length && (
            <div className="actions-row">
              <label>Departure <select name="departureId">{departures.data.items.map((d) => <option key={d.id} value={d.id}>{d.label} ({d.capacity - d.seatsTaken} free)</option>)}</select></label>
              <button type="submit">Assign</button>
            </div>
          )}
        </form>
      )}
      <h3>Departures</h3>
      <ul className="plain" data-testid="departures">
        {departures.data?.items.map((d) => (
          <li key={d.id} className="card">
            <strong>{d.label}</strong> ({d.kind}) · {utc(d.departsAt)} · {d.assemblyPoint} · <span data-testid="seats">{d.seatsTaken} / {d.capacity} seats</span>, {d.requests} part(ies)
            {d.noticeAlertId && <span className="pill status-safe">notified</span>}
            <div className="actions-row">
              <button type="button" className="secondary" onClick={() => void notify(d)} disabled={!d.requests}>Notify the people assigned</button>
              <a className="button-link" href={`/api/crises/${crisis.id}/departures/${d.id}/manifest`} download>Manifest CSV</a>
            </div>
          </li>
        ))}
      </ul>
      {crisis.state === 'open' && (
        <form onSubmit={create} className="actions-row" aria-label="Plan a departure">
          <label>Kind <select name="kind"><option value="flight">flight</option><option value="bus">bus</option><option value="convoy">convoy</option></select></label>
          <label>Name <input name="label" required maxLength={200} placeholder="Charter BGW–AMM" /></label>
          <label>Seats <input name="capacity" type="number" min="1" required /></label>
          <label>Departs (UTC) <input name="departsAt" type="datetime-local" required /></label>
          <label>Assembly point <input name="assemblyPoint" required maxLength={500} /></label>
          <button type="submit">Plan departure</button>
        </form>
      )}
    </section>
  );
}

/** Used by the dashboard: open crises with a link to each room. */
export function OpenCrisesPanel() {
  const list = useFetch<ApiResponse<'/api/crises'>>('/api/crises?state=open');
  if (!list.data?.items.length) return null;
  return (
    <section className="card" aria-labelledby="open-crises"><h2 id="open-crises">Open crises</h2>
      <ul>{list.data.items.map((c) => <li key={c.id}><Link href={`/console/crises/${c.id}`}>{c.name}</Link></li>)}</ul></section>
  );
}

