import { useEffect, useMemo, useReducer, useState, type FormEvent } from 'react';
import { get, post, put, type Advisory, type Place } from '../../api';
import { Link, navigate } from '../../router';
import { useFetch } from '../../useFetch';
import type { AlertView, Preview, Reach } from '../alert-types';
import { can, useOperator } from '../session';
import { AreaPicker } from './AreaPicker';
import { CapFields } from './CapFields';
import { areaOf, composerReducer, type Assistance, fromAlert, fromSuggestion, initialState, isEmptyArea, toInput, windowOf, type ComposerState, type IncidentSuggestionView } from './composer-state';
import { InfoBlocks } from './InfoBlocks';
import { MessagePreview } from './MessagePreview';
import { ReachSummary } from './ReachSummary';
import { useDebouncedPost } from './useDebouncedPost';

/**
 * What the composer writes: a new alert (optionally from an intake incident's suggestion), an edit
 * of a draft, or an Update of a published alert.
 */
export type ComposerMode = { kind: 'new'; incidentId?: string; crisisId?: string } | { kind: 'edit'; alertId: string } | { kind: 'update'; alertId: string };
interface CrisisHead { id: string; name: string; startsAt: string; area: { countries?: string[]; subdivisions?: string[] } }

export function AlertComposer({ mode }: { mode: ComposerMode }) {
  const [start, setStart] = useState<ComposerState | null>(mode.kind === 'new' && !mode.incidentId && !mode.crisisId ? initialState() : null);
  const [crisis, setCrisis] = useState<CrisisHead | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (mode.kind === 'new' && (mode.incidentId || mode.crisisId)) {
      // The window starts on the crisis's (else the incident's) first day, so the count is of who was there then, not now.
      const { incidentId, crisisId } = mode;
      Promise.all([incidentId ? get<IncidentSuggestionView>(`/api/incidents/${incidentId}/suggestion`) : null, incidentId ? get<{ firstSeen: string }>(`/api/incidents/${incidentId}`) : null,
        crisisId ? get<CrisisHead>(`/api/crises/${crisisId}`) : null])
        .then(([suggestion, incident, c]) => {
          setCrisis(c);
          const startsAt = c?.startsAt ?? incident!.firstSeen;
          setStart(suggestion ? fromSuggestion(suggestion, startsAt) : { ...initialState(), effective: `${startsAt.slice(0, 10)}T00:00`, countries: c?.area.countries ?? [], subdivisions: c?.area.subdivisions ?? [] });
        }, (e: Error) => setLoadError(e.message));
    } else if (mode.kind !== 'new') {
      get<AlertView>(`/api/alerts/${mode.alertId}`)
        .then(async (a) => setStart(fromAlert(a, { asUpdate: mode.kind === 'update' }, await placesOf(a))), (e: Error) => setLoadError(e.message));
    }
  }, [mode.kind, mode.kind === 'new' ? `${mode.incidentId}/${mode.crisisId}` : mode.alertId]);
  if (loadError) return <p role="alert" className="error">{loadError}</p>;
  if (!start) return <p aria-busy="true">Loading…</p>;
  return <ComposerForm mode={mode} start={start} crisis={crisis} />;
}

/** The stored area keeps only the cities' ids: their names and positions come from the gazetteer. */
const placesOf = (a: AlertView) => Promise.all((a.area.cities ?? []).map((c) => get<Place>(`/api/geo/places/${c.id}`)));

const titles = { new: 'Compose an alert', edit: 'Edit the draft', update: 'Update a published alert' };

function ComposerForm({ mode, start, crisis }: { mode: ComposerMode; start: ComposerState; crisis: CrisisHead | null }) {
  const op = useOperator();
  const [s, dispatch] = useReducer(composerReducer, start);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const advisories = useFetch<{ items: Advisory[] }>('/api/advisories');
  const levels = useMemo(() => Object.fromEntries((advisories.data?.items ?? []).map((a) => [a.countryCode, a.level])), [advisories.data]);
  const empty = isEmptyArea(s);
  const span = windowOf(s);
  // The count follows the time window: from "From" (else now) to "Until" (else open).
  const reach = useDebouncedPost<Reach>('/api/presence/count', empty ? null : { area: areaOf(s), from: span.from, to: span.to });
  const complete = !empty && s.infos.every((i) => i.event.trim() && i.headline.trim() && i.description.trim() && i.instruction.trim());
  const assistance = useFetch<Assistance>(empty ? null : `/api/posts/assistance?countries=${s.countries.join(',')}&subdivisions=${s.subdivisions.join(',')}`);
  const preview = useDebouncedPost<Preview>('/api/alerts/preview', complete ? toInput(s, assistance.data) : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (empty) { setError('Choose an area: click the map or add a city.'); return; }
    setBusy(true);
    setError(null);
    try {
      const body = toInput(s, assistance.data);
      const alert = mode.kind === 'edit' ? await put<AlertView>(`/api/alerts/${mode.alertId}`, body)
        : await post<AlertView>(mode.kind === 'update' ? `/api/alerts/${mode.alertId}/update` : '/api/alerts', body);
      // The crisis's first alert: linked before it is submitted, so the approver sees it in the crisis.
      if (crisis) await post(`/api/crises/${crisis.id}/links`, { alertIds: [alert.id] });
      await post(`/api/alerts/${alert.id}/submit`);
      navigate(`/console/alerts/${alert.id}`);
    } catch (err) { setError((err as Error).message); } finally { setBusy(false); }
  };

  return (
    <>
      <h1>{titles[mode.kind]}</h1>
      {crisis && <p data-testid="composer-crisis">For the crisis <Link href={`/console/crises/${crisis.id}`}>{crisis.name}</Link>: the alert joins it when submitted.</p>}
      {mode.kind === 'new' && mode.incidentId && <p className="muted">Drafted from an intake incident: review every field before submitting.</p>}
      <form onSubmit={submit} className="two-col composer">
        <div>
          <CapFields s={s} dispatch={dispatch} />
          <InfoBlocks s={s} dispatch={dispatch} />
        </div>
        <div>
          <AreaPicker s={s} dispatch={dispatch} levels={levels} />
          <div className="recipient-count card" role="status" aria-live="polite" data-testid="recipient-count">
            {empty ? 'Choose an area to see who it reaches.' : reach.data ? <ReachSummary reach={reach.data} /> : reach.error ?? 'Counting…'}
          </div>
          {error && <p role="alert" className="error">{error}</p>}
          <button type="submit" disabled={busy || !can(op, 'editor')}>{busy ? 'Submitting…' : 'Submit for approval'}</button>
        </div>
      </form>
      {/* Full width, so the SMS and the HTML e-mail sit side by side on a desktop. */}
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">Preview as sent</h2>
        <MessagePreview preview={preview.data} error={preview.error} />
      </section>
    </>
  );
}
