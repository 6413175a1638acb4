import { useMemo, useState } from 'react';
import { post, type Advisory, type ApiResponse } from '../api';
import { WorldMap, type MapCircle } from '../map/WorldMap';
import { Link, navigate } from '../router';
import { useFetch } from '../useFetch';
import type { AlertView } from './alert-types';
import { incidentActions } from './incident-actions';
import { can, useOperator } from './session';

type IncidentSummary = ApiResponse<'/api/incidents'>['items'][number];
type IncidentDetail = ApiResponse<'/api/incidents/{id}'>;

const statuses = ['new', 'reviewed', 'dismissed', 'linked'] as const;
const words = (s: string) => s.replace(/_/g, ' ');

export function IncidentList() {
  const [status, setStatus] = useState('new');
  const list = useFetch<{ items: IncidentSummary[]; total: number }>(`/api/incidents?limit=100${status ? `&status=${status}` : ''}`, 30_000);
  return (
    <>
      <h1>Incidents</h1>
      <div className="filters"><label>Status <select value={status} onChange={(e) => setStatus(e.target.value)}><option value="">any</option>{statuses.map((s) => <option key={s}>{s}</option>)}</select></label></div>
      {list.error && <p role="alert" className="error">{list.error.message}</p>}
      {list.data && !list.data.items.length && <p className="muted">No incidents.</p>}
      <ul className="plain alert-list" aria-label="Incidents, newest first">
        {(list.data?.items ?? []).map((i) => (
          <li key={i.id}><Link href={`/console/incidents/${i.id}`}><strong>{i.title}</strong></Link>{' '}
            <span className="state">{i.status}</span>
            <span className="muted"> — severity {i.severity} · {i.eventTypes.map(words).join(', ')} · {i.countryCodes.join(', ') || 'no country'} · {i.firstSeen.slice(0, 10)}{i.lastSeen !== i.firstSeen ? ` – ${i.lastSeen.slice(0, 10)}` : ''} · {i.documentCount} source{i.documentCount === 1 ? '' : 's'}</span></li>
        ))}
      </ul>
    </>
  );
}

export function IncidentPage({ id }: { id: string }) {
  const op = useOperator();
  const incident = useFetch<IncidentDetail>(`/api/incidents/${id}`);
  const i = incident.data;
  if (incident.error) return <p role="alert" className="error">{incident.error.message}</p>;
  if (!i) return <p aria-busy="true">Loading…</p>;
  return (
    <>
      <p><Link href="/console/incidents">← Incidents</Link></p>
      <h1>{i.title}</h1>
      <p><span className="state" data-testid="incident-status">{i.status}</span> <span className="muted">severity {i.severity} of 5 · {i.countryCodes.join(', ')} · {i.firstSeen.slice(0, 10)}{i.lastSeen !== i.firstSeen ? ` – ${i.lastSeen.slice(0, 10)}` : ''}</span></p>
      {i.severityReasons.length > 0 && <p className="muted small">Severity: {i.severityReasons.join('; ')}</p>}
      {can(op, 'editor') && <IncidentActions i={i} reload={incident.reload} />}
      <div className="two-col">
        <div>
          <section className="card" aria-labelledby="events-title">
            <h2 id="events-title">Events</h2>
            <ul className="plain events">{i.events.map((e, n) => (
              <li key={n}><strong>{e.label}</strong> <span className="muted">{words(e.type)}{e.place ? ` · ${e.place.name}` : ''}{e.date ? ` · ${e.date}` : ''}</span>
                <blockquote>{e.sentence}</blockquote></li>
            ))}</ul>
          </section>
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <ol className="plain">{i.timeline.map((t, n) => <li key={n}><time dateTime={t.date}>{t.date.slice(0, 10)}</time> {t.kind === 'source' ? 'Source: ' : ''}{t.label}{t.place ? ` (${t.place})` : ''}</li>)}</ol>
          </section>
        </div>
        <div>
          <PlacesMap i={i} />
          <section className="card" aria-labelledby="actors-title">
            <h2 id="actors-title">Actors</h2>
            <ul className="plain">{i.actors.map((a) => <li key={a.id}><strong>{a.name}</strong> <span className="muted">({a.kind}){a.surfaceForms.filter((f) => f !== a.name).length ? ` — also written ${a.surfaceForms.filter((f) => f !== a.name).join(', ')}` : ''}</span></li>)}</ul>
          </section>
          <section className="card" aria-labelledby="sources-title">
            <h2 id="sources-title">Sources</h2>
            <ul className="plain">{i.sources.map((s) => <li key={s.id}>{s.url ? <a href={s.url} rel="noreferrer noopener">{s.title ?? s.url}</a> : s.title ?? 'Untitled document'} <span className="muted">{s.format}{s.date ? ` · ${s.date}` : ''}{s.duplicateOf ? ' · near-duplicate' : ''}</span></li>)}</ul>
          </section>
        </div>
      </div>
    </>
  );
}

function PlacesMap({ i }: { i: IncidentDetail }) {
  const advisories = useFetch<{ items: Advisory[] }>('/api/advisories');
  const levels = useMemo(() => Object.fromEntries((advisories.data?.items ?? []).map((x) => [x.countryCode, x.level])), [advisories.data]);
  const circles: MapCircle[] = i.places.filter((p) => p.kind !== 'country').map((p) => ({ lat: p.lat, lon: p.lon, radiusKm: p.radiusKm ?? 10, label: p.name }));
  return (
    <section className="card" aria-labelledby="places-title">
      <h2 id="places-title">Places</h2>
      <WorldMap levels={levels} focus={i.countryCodes[0]} selected={new Set(i.countryCodes)} circles={circles} height={300} label={`Map of the incident's places: ${i.places.map((p) => p.name).join(', ')}`} />
      <ul className="plain small">{i.places.map((p) => <li key={`${p.kind}-${p.code}`}>{p.name} <span className="muted">({p.kind}{p.surfaces.some((s) => s !== p.name) ? `; written ${p.surfaces.join(', ')}` : ''})</span></li>)}</ul>
    </section>
  );
}

/** Review, dismiss, link to an alert; draft an alert from the suggestion; and the actions other screens add (incident-actions.ts). */
function IncidentActions({ i, reload }: { i: IncidentDetail; reload: () => void }) {
  const op = useOperator();
  const [note, setNote] = useState('');
  const [alertId, setAlertId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const alerts = useFetch<{ items: AlertView[] }>('/api/alerts?state=published&limit=50');
  const review = async (status: string, extra: { alertId?: string } = {}) => {
    setError(null);
    try { await post(`/api/incidents/${i.id}/review`, { status, ...(note.trim() ? { note: note.trim() } : {}), ...extra }); reload(); } catch (e) { setError((e as Error).message); }
  };
  const run = async (action: (typeof incidentActions)[number]) => { setError(null); try { await action.run(i.id); } catch (e) { setError((e as Error).message); } };
  return (
    <section className="card" aria-labelledby="incident-actions-title">
      <h2 id="incident-actions-title">Actions</h2>
      <p><button type="button" onClick={() => navigate(`/console/alerts/new?incident=${i.id}`)}>Draft an alert</button>
        {incidentActions.filter((a) => can(op, a.role)).map((a) => <button key={a.label} type="button" className="secondary" onClick={() => run(a)}>{a.label}</button>)}</p>
      <label>Review note <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} /></label>
      <div className="inline-form">
        <button type="button" className="secondary" onClick={() => review('reviewed')}>Mark reviewed</button>
        <button type="button" className="secondary" onClick={() => review('dismissed')}>Dismiss</button>
        <label>Link to a published alert <select value={alertId} onChange={(e) => setAlertId(e.target.value)}><option value="">Choose…</option>
          {(alerts.data?.items ?? []).map((a) => <option key={a.id} value={a.id}>{a.infos[0]?.headline}</option>)}</select></label>
        <button type="button" className="secondary" disabled={!alertId} onClick={() => review('linked', { alertId })}>Link</button>
      </div>
      {i.reviewNote && <p className="muted small">Note: {i.reviewNote}</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
