import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { get, post, type Advisory, type Place } from '../api';
import { formatDate } from '../levels';
import { WorldMap, type MapCircle } from '../map/WorldMap';
import { Link, navigate } from '../router';
import { useFetch } from '../useFetch';
import { AccountabilityBoard } from './Accountability';
import { can, useOperator } from './session';

export interface AlertView {
  id: string; kind: string; msgType: string; state: 'draft' | 'pending_approval' | 'published' | 'updated' | 'cancelled';
  sender: string; effective: string; areaDescription: string; infos: { language: string; event: string; headline: string; description: string; instruction: string }[];
  asksCheckin: boolean; recipientCount: number | null; createdBy: string | null; createdAt: string; submittedAt: string | null; publishedAt: string | null; publishedBy: string | null;
  area: { countries?: string[]; cities?: { id: number; radiusKm: number }[]; circles?: MapCircle[]; polygons?: [number, number][][] };
}
interface DryRun { people: number; byChannel: Record<string, number>; deliveries: number; unreachable: number; areaDescription: string; needsSecondApprover: boolean; summary: string }
interface Counts { queued: number; sending: number; sent: number; failed: number; bounced: number }
interface Progress { recipients: number; total: number; byState: Counts; byChannel: Record<string, Counts>; done: boolean; ratePerSec: number; etaSeconds: number | null }
interface Presence { area: string; people: number | string; byChannel: Record<string, number | string>; unreachable: number | string }

const kinds: Record<string, string> = {
  security_alert: 'Security alert', demonstration_alert: 'Demonstration alert', health_alert: 'Health alert',
  travel_advisory_change: 'Travel advisory change', message: 'Message',
};
const channelNames: Record<string, string> = { email: 'e-mail', sms: 'SMS', webhook: 'webhook', webpush: 'web push' };

/** Counts per channel; a viewer's small counts come as "<5" (the server suppresses them). */
function channels(by: Record<string, number | string>): string {
  return Object.entries(by).filter(([, n]) => n !== 0).map(([c, n]) => `${n} by ${channelNames[c] ?? c}`).join(', ') || 'no channel';
}

type PickedCity = Place & { radiusKm: number };

export function AlertComposer() {
  const op = useOperator();
  const advisories = useFetch<{ items: Advisory[] }>('/api/advisories');
  const levels = useMemo(() => Object.fromEntries((advisories.data?.items ?? []).map((a) => [a.countryCode, a.level])), [advisories.data]);
  const [kind, setKind] = useState('security_alert');
  const [event, setEvent] = useState('');
  const [headline, setHeadline] = useState('');
  const [description, setDescription] = useState('');
  const [instruction, setInstruction] = useState('');
  const [sender, setSender] = useState('Consular crisis team');
  const [asksCheckin, setAsksCheckin] = useState(true);
  const [mode, setMode] = useState<'circle' | 'polygon' | 'country'>('circle');
  const [radius, setRadius] = useState(25);
  const [countries, setCountries] = useState<string[]>([]);
  const [circles, setCircles] = useState<MapCircle[]>([]);
  const [polygons, setPolygons] = useState<[number, number][][]>([]);
  const [vertices, setVertices] = useState<[number, number][]>([]);
  const [polygonError, setPolygonError] = useState<string | null>(null);
  const [cities, setCities] = useState<PickedCity[]>([]);
  const [cityQuery, setCityQuery] = useState('');
  const [cityResults, setCityResults] = useState<Place[]>([]);
  const [count, setCount] = useState<Presence | null>(null);
  const [countError, setCountError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const area = useMemo(() => ({
    countries, circles: circles.map(({ lat, lon, radiusKm }) => ({ lat, lon, radiusKm })), cities: cities.map((c) => ({ id: c.id, radiusKm: c.radiusKm })), polygons,
  }), [countries, circles, cities, polygons]);
  const empty = !countries.length && !circles.length && !cities.length && !polygons.length;

  // Live recipient count: debounced, counts only (no personal data), works for viewers too.
  const seq = useRef(0);
  useEffect(() => {
    if (empty) { setCount(null); return; }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      post<Presence>('/api/presence/count', { area, from: new Date().toISOString() })
        .then((c) => { if (mine === seq.current) { setCount(c); setCountError(null); } }, (e: Error) => mine === seq.current && setCountError(e.message));
    }, 250);
    return () => clearTimeout(timer);
  }, [area, empty]);

  useEffect(() => {
    if (cityQuery.trim().length < 2) { setCityResults([]); return; }
    const timer = setTimeout(() => { get<{ items: Place[] }>(`/api/geo/places?q=${encodeURIComponent(cityQuery)}&limit=8`).then((r) => setCityResults(r.items), () => setCityResults([])); }, 200);
    return () => clearTimeout(timer);
  }, [cityQuery]);

  const pick = (lat: number, lon: number, cc: string | null) => {
    if (mode === 'polygon') {
      if (vertices.length < 999) setVertices([...vertices, [lat, lon]]);
      setPolygonError(null);
    } else if (mode === 'circle') setCircles([...circles, { lat, lon, radiusKm: radius, label: `${radius} km around ${lat.toFixed(3)}, ${lon.toFixed(3)}` }]);
    else if (cc) setCountries(countries.includes(cc) ? countries.filter((c) => c !== cc) : [...countries, cc]);
  };

  // A ring needs three distinct points; the API wants it closed (first point repeated), 4..1000 points.
  const closePolygon = () => {
    const distinct = vertices.filter(([lat, lon], i) => vertices.findIndex(([a, b]) => a === lat && b === lon) === i);
    if (distinct.length < 3) { setPolygonError('A polygon needs at least 3 different points: click the map to add them.'); return; }
    if (polygons.length >= 20) { setPolygonError('An area can hold at most 20 polygons.'); return; }
    setPolygons([...polygons, [...distinct, distinct[0]!]]);
    setVertices([]);
    setPolygonError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (empty) { setError('Choose an area: click the map or add a city.'); return; }
    setBusy(true);
    setError(null);
    try {
      const alert = await post<AlertView>('/api/alerts', {
        kind, sender, area, asksCheckin, infos: [{ language: 'en', event, headline, description, instruction }],
      });
      await post(`/api/alerts/${alert.id}/submit`);
      navigate(`/console/alerts/${alert.id}`);
    } catch (err) { setError((err as Error).message); } finally { setBusy(false); }
  };

  const shownCircles: MapCircle[] = [...circles, ...cities.map((c) => ({ lat: c.lat, lon: c.lon, radiusKm: c.radiusKm, label: c.name }))];
  const focus = cities[0]?.countryCode ?? countries[0];
  const sms = `${headline}. ${instruction}${asksCheckin ? ' Are you safe? Answer: https://…/c/…' : ''}`;
  return (
    <>
      <h1>Compose an alert</h1>
      <form onSubmit={submit} className="two-col composer">
        <div>
          <div className="card">
            <label>Kind <select value={kind} onChange={(e) => setKind(e.target.value)}>{Object.entries(kinds).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
            <label>Event <input required value={event} onChange={(e) => setEvent(e.target.value)} placeholder="Airstrike" /></label>
            <label>Headline <input required maxLength={160} value={headline} onChange={(e) => setHeadline(e.target.value)} /></label>
            <label>What happened <textarea required rows={3} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
            <label>What to do (one action per line) <textarea required rows={3} value={instruction} onChange={(e) => setInstruction(e.target.value)} /></label>
            <label>Sender <input required value={sender} onChange={(e) => setSender(e.target.value)} /></label>
            <label className="check"><input type="checkbox" checked={asksCheckin} onChange={(e) => setAsksCheckin(e.target.checked)} /> Ask recipients to check in</label>
          </div>
          <section className="card" aria-labelledby="preview-title">
            <h2 id="preview-title">Preview</h2>
            <h3>SMS <span className="muted small">({sms.length} characters)</span></h3>
            <p className="preview sms" data-testid="preview-sms">{sms}</p>
            <h3>E-mail</h3>
            <p className="preview"><strong>Subject:</strong> {headline}<br />{description}<br /><strong>{instruction}</strong></p>
          </section>
        </div>
        <div>
          <fieldset className="card">
            <legend>Area</legend>
            <div className="inline-form">
              <label className="radio"><input type="radio" name="mode" checked={mode === 'circle'} onChange={() => setMode('circle')} /> Click adds a circle</label>
              <label className="radio"><input type="radio" name="mode" checked={mode === 'polygon'} onChange={() => setMode('polygon')} /> Click adds a polygon point</label>
              <label className="radio"><input type="radio" name="mode" checked={mode === 'country'} onChange={() => setMode('country')} /> Click toggles a country</label>
              <label>Radius (km) <input type="number" min={1} max={1000} value={radius} onChange={(e) => setRadius(Number(e.target.value) || 1)} /></label>
            </div>
            <WorldMap levels={levels} focus={focus} selected={new Set(countries)} circles={shownCircles} polygons={polygons} draft={vertices} onPointClick={pick} height={420}
              label="Map for choosing the alert's area; click to add a circle, a polygon point or toggle a country. Cities can also be added by name below." />
            {mode === 'polygon' && (
              <div className="inline-form">
                <p className="muted small" data-testid="polygon-points">{vertices.length} point{vertices.length === 1 ? '' : 's'} placed</p>
                <button type="button" className="secondary" onClick={closePolygon} disabled={vertices.length < 3}>Close polygon</button>
                <button type="button" className="link" onClick={() => { setVertices([]); setPolygonError(null); }} disabled={!vertices.length}>Discard points</button>
              </div>
            )}
            {polygonError && <p role="alert" className="error">{polygonError}</p>}
            <label>Add a city <input type="search" value={cityQuery} onChange={(e) => setCityQuery(e.target.value)} placeholder="Baghdad" aria-describedby="city-help" /></label>
            <p id="city-help" className="muted small">Adds a circle of the radius above around the city.</p>
            {cityResults.length > 0 && (
              <ul className="plain" aria-label="Matching cities">
                {cityResults.map((c) => (
                  <li key={c.id}><button type="button" className="secondary" onClick={() => { setCities([...cities, { ...c, radiusKm: radius }]); setCityQuery(''); setCityResults([]); }}>
                    {c.name}, {c.countryCode} <span className="muted">(pop. {c.population.toLocaleString('en')})</span></button></li>
                ))}
              </ul>
            )}
            <ul className="plain" aria-label="Chosen area">
              {countries.map((c) => <li key={c}>Country {c} <button type="button" className="link" onClick={() => setCountries(countries.filter((x) => x !== c))}>remove</button></li>)}
              {cities.map((c, i) => <li key={`${c.id}-${i}`}>{c.name} ({c.radiusKm} km) <button type="button" className="link" onClick={() => setCities(cities.filter((_, j) => j !== i))}>remove</button></li>)}
              {polygons.map((ring, i) => <li key={`p${i}`}>Polygon of {ring.length - 1} points <button type="button" className="link" onClick={() => setPolygons(polygons.filter((_, j) => j !== i))}>remove</button></li>)}
              {circles.map((c, i) => <li key={`c${i}`}>{c.label} <button type="button" className="link" onClick={() => setCircles(circles.filter((_, j) => j !== i))}>remove</button></li>)}
            </ul>
            <p className="recipient-count" role="status" aria-live="polite" data-testid="recipient-count">
              {empty ? 'Choose an area to see who it reaches.' : count ? <><strong>{count.people.toLocaleString('en')} people</strong>, on these channels: {channels(count.byChannel)}{count.unreachable ? ` (${count.unreachable} unreachable)` : ''}</> : countError ?? 'Counting…'}
            </p>
          </fieldset>
          {error && <p role="alert" className="error">{error}</p>}
          <button type="submit" disabled={busy || !can(op, 'editor')}>{busy ? 'Submitting…' : 'Submit for approval'}</button>
        </div>
      </form>
    </>
  );
}

export function AlertList({ state, title }: { state?: string; title: string }) {
  const list = useFetch<{ items: AlertView[] }>(`/api/alerts?limit=100${state ? `&state=${state}` : ''}`, 5000);
  const op = useOperator();
  return (
    <>
      <h1>{title}</h1>
      {can(op, 'editor') && !state && <p><Link href="/console/alerts/new" className="button-link">Compose an alert</Link></p>}
      {list.error && <p role="alert" className="error">{list.error.message}</p>}
      {list.data && !list.data.items.length && <p className="muted">{state === 'pending_approval' ? 'Nothing waits for approval.' : 'No alerts yet.'}</p>}
      <ul className="plain alert-list">
        {(list.data?.items ?? []).map((a) => (
          <li key={a.id}>
            <Link href={`/console/alerts/${a.id}`}><strong>{a.infos[0]?.headline}</strong></Link>{' '}
            <span className={`state state-${a.state}`}>{a.state.replace('_', ' ')}</span>
            <span className="muted"> — {a.areaDescription} · {formatDate(a.publishedAt ?? a.submittedAt ?? a.createdAt)}{a.recipientCount !== null ? ` · ${a.recipientCount} recipients` : ''}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function AlertDetail({ id }: { id: string }) {
  const op = useOperator();
  const alert = useFetch<AlertView>(`/api/alerts/${id}`);
  const a = alert.data;
  const live = a?.state === 'published' || a?.state === 'updated';
  const progress = useFetch<Progress>(live ? `/api/alerts/${id}/progress` : null, 1000);
  const [dry, setDry] = useState<DryRun | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (a && (a.state === 'draft' || a.state === 'pending_approval') && can(op, 'editor')) post<DryRun>(`/api/alerts/${id}/dry-run`).then(setDry, () => setDry(null));
  }, [a?.state, id]);
  if (alert.error) return <p role="alert" className="error">{alert.error.message}</p>;
  if (!a) return <p aria-busy="true">Loading…</p>;
  const info = a.infos[0];
  const mine = a.createdBy !== null && a.createdBy === op.id;
  const publish = async () => {
    setMessage(null);
    try {
      const result = await post<{ deliveries: number }>(`/api/alerts/${id}/publish`);
      setMessage({ ok: true, text: `Published: ${result.deliveries} messages queued.` });
      alert.reload();
    } catch (e) { setMessage({ ok: false, text: (e as Error).message }); }
  };
  const p = progress.data;
  const finished = p ? p.byState.sent + p.byState.failed + p.byState.bounced : 0;
  const percent = p && p.total ? Math.round((finished / p.total) * 100) : 0;
  return (
    <>
      <p><Link href="/console/alerts">← Alerts</Link></p>
      <h1>{info?.headline}</h1>
      <p><span className={`state state-${a.state}`} data-testid="alert-state">{a.state.replace('_', ' ')}</span> <span className="muted">{kinds[a.kind]} · {a.areaDescription} · by {a.sender}</span></p>
      <div className="two-col">
        <section className="card">
          <h2>Message</h2>
          <p><strong>{info?.event}</strong></p>
          <p>{info?.description}</p>
          <p><strong>{info?.instruction}</strong></p>
          {a.asksCheckin && <p className="muted">Recipients are asked to check in.</p>}
        </section>
        <section className="card" aria-labelledby="reach">
          <h2 id="reach">{live ? 'Delivery' : 'Reach'}</h2>
          {dry && !live && <p data-testid="dry-run"><strong>{dry.people} people</strong>, {dry.deliveries} messages: {channels(dry.byChannel)}. {dry.summary}</p>}
          {a.state === 'pending_approval' && (
            can(op, 'approver') && !mine
              ? <button type="button" onClick={publish}>Approve and publish</button>
              : <p className="muted">{mine ? 'You wrote this alert: a different operator must approve it.' : 'Waiting for an approver.'}</p>
          )}
          {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
          {live && p && (
            <>
              <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Delivery progress"><span style={{ width: `${percent}%` }} /></div>
              <p data-testid="progress"><strong>{percent}%</strong> — {finished} of {p.total} messages to {p.recipients} people{p.done ? ', done' : ''}.
                {!p.done && p.etaSeconds !== null ? ` About ${p.etaSeconds}s left at ${p.ratePerSec}/s.` : ''}</p>
              <table className="table">
                <caption className="sr-only">Delivery by channel</caption>
                <thead><tr><th scope="col">Channel</th><th scope="col">Queued</th><th scope="col">Sent</th><th scope="col">Failed</th><th scope="col">Bounced</th></tr></thead>
                <tbody>{Object.entries(p.byChannel).map(([c, n]) => <tr key={c}><td>{channelNames[c] ?? c}</td><td>{n.queued + n.sending}</td><td>{n.sent}</td><td>{n.failed}</td><td>{n.bounced}</td></tr>)}</tbody>
              </table>
            </>
          )}
        </section>
      </div>
      {live && <AccountabilityBoard alertId={id} />}
    </>
  );
}

/** Dashboard panel: alerts waiting for approval and alerts being delivered. */
export function AlertsPanel() {
  const pending = useFetch<{ items: AlertView[] }>('/api/alerts?state=pending_approval&limit=20', 5000);
  const published = useFetch<{ items: AlertView[] }>('/api/alerts?state=published&limit=5', 5000);
  return (
    <section className="card" aria-labelledby="alerts-panel">
      <h2 id="alerts-panel">Alerts</h2>
      <p>{pending.data?.items.length ?? 0} waiting for approval · <Link href="/console/approvals">approval queue</Link> · <Link href="/console/alerts/new">compose</Link></p>
      <ul className="plain">
        {(published.data?.items ?? []).map((a) => <li key={a.id}><Link href={`/console/alerts/${a.id}`}>{a.infos[0]?.headline}</Link> <span className="muted">{a.recipientCount ?? 0} recipients · {formatDate(a.publishedAt)}</span></li>)}
      </ul>
    </section>
  );
}
