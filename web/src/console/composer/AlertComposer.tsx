import { useEffect, useMemo, useReducer, useState, type FormEvent } from 'react';
import { get, post, put, type Advisory } from '../../api';
import { navigate } from '../../router';
import { useFetch } from '../../useFetch';
import type { AlertView, Preview, Reach } from '../alert-types';
import { can, useOperator } from '../session';
import { AreaPicker } from './AreaPicker';
import { CapFields } from './CapFields';
import { areaOf, composerReducer, fromAlert, fromSuggestion, initialState, isEmptyArea, toInput, windowOf, type ComposerState, type IncidentSuggestionView } from './composer-state';
import { InfoBlocks } from './InfoBlocks';
import { MessagePreview } from './MessagePreview';
import { ReachSummary } from './ReachSummary';
import { useDebouncedPost } from './useDebouncedPost';

/**
 * What the composer writes: a new alert (optionally from an intake incident's suggestion), an edit
 * of a draft, or an Update of a published alert.
 */
export type ComposerMode = { kind: 'new'; incidentId?: string } | { kind: 'edit'; alertId: string } | { kind: 'update'; alertId: string };

export function AlertComposer({ mode }: { mode: ComposerMode }) {
  const [start, setStart] = useState<ComposerState | null>(mode.kind === 'new' && !mode.incidentId ? initialState() : null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (mode.kind === 'new' && mode.incidentId) {
      // The window starts on the incident's first day, so the count is of who was there then, not now.
      Promise.all([get<IncidentSuggestionView>(`/api/incidents/${mode.incidentId}/suggestion`), get<{ firstSeen: string }>(`/api/incidents/${mode.incidentId}`)])
        .then(([s, incident]) => setStart(fromSuggestion(s, incident.firstSeen)), (e: Error) => setLoadError(e.message));
    } else if (mode.kind !== 'new') {
      get<AlertView>(`/api/alerts/${mode.alertId}`).then((a) => setStart(fromAlert(a, { asUpdate: mode.kind === 'update' })), (e: Error) => setLoadError(e.message));
    }
  }, [mode.kind, mode.kind === 'new' ? mode.incidentId : mode.alertId]);
  if (loadError) return <p role="alert" className="error">{loadError}</p>;
  if (!start) return <p aria-busy="true">Loading…</p>;
  return <ComposerForm mode={mode} start={start} />;
}

const titles = { new: 'Compose an alert', edit: 'Edit the draft', update: 'Update a published alert' };

function ComposerForm({ mode, start }: { mode: ComposerMode; start: ComposerState }) {
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
  const preview = useDebouncedPost<Preview>('/api/alerts/preview', complete ? toInput(s) : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (empty) { setError('Choose an area: click the map or add a city.'); return; }
    setBusy(true);
    setError(null);
    try {
      const body = toInput(s);
      const alert = mode.kind === 'edit' ? await put<AlertView>(`/api/alerts/${mode.alertId}`, body)
        : await post<AlertView>(mode.kind === 'update' ? `/api/alerts/${mode.alertId}/update` : '/api/alerts', body);
      await post(`/api/alerts/${alert.id}/submit`);
      navigate(`/console/alerts/${alert.id}`);
    } catch (err) { setError((err as Error).message); } finally { setBusy(false); }
  };

  return (
    <>
      <h1>{titles[mode.kind]}</h1>
      {mode.kind === 'new' && mode.incidentId && <p className="muted">Drafted from an intake incident: review every field before submitting.</p>}
      <form onSubmit={submit} className="two-col composer">
        <div>
          <CapFields s={s} dispatch={dispatch} />
          <InfoBlocks s={s} dispatch={dispatch} />
          <section className="card" aria-labelledby="preview-title">
            <h2 id="preview-title">Preview as sent</h2>
            <MessagePreview preview={preview.data} error={preview.error} />
          </section>
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
    </>
  );
}
