import { useEffect, useMemo, useState } from 'react';
import { post, type Advisory } from '../api';
import { useCityCircles, useSubdivisionOutlines } from '../map/useAreaShapes';
import { WorldMap } from '../map/WorldMap';
import { Link } from '../router';
import { useFetch } from '../useFetch';
import { AccountabilityBoard } from './Accountability';
import { channelLabels, kindLabels, stateLabel, type AlertView, type DryRun, type Preview } from './alert-types';
import { AlertActions } from './AlertReview';
import { MessagePreview } from './composer/MessagePreview';
import { ReachSummary } from './composer/ReachSummary';
import { DeliveryRows } from './DeliveryRows';
import { EscalationPanel } from './EscalationPanel';
import { can, useOperator } from './session';

interface Counts { queued: number; sending: number; sent: number; failed: number; bounced: number }
interface Progress { recipients: number; total: number; byState: Counts; byChannel: Record<string, Counts>; done: boolean; ratePerSec: number; etaSeconds: number | null }

/** One alert: its messages as sent per language, its area on a map, its reach, the actions its state allows, and once live its delivery. */
export function AlertDetail({ id }: { id: string }) {
  const op = useOperator();
  const alert = useFetch<AlertView>(`/api/alerts/${id}`);
  const a = alert.data;
  const live = a?.state === 'published' || a?.state === 'updated';
  const preview = useFetch<Preview>(`/api/alerts/${id}/preview`);
  const [dry, setDry] = useState<DryRun | null>(null);
  const [dryError, setDryError] = useState<string | null>(null);
  useEffect(() => {
    if (!a || (a.state !== 'draft' && a.state !== 'pending_approval') || !can(op, 'editor')) return;
    post<DryRun>(`/api/alerts/${id}/dry-run`).then((d) => { setDry(d); setDryError(null); }, (e: Error) => { setDry(null); setDryError(e.message); });
  }, [a?.state, id]);
  if (alert.error) return <p role="alert" className="error">{alert.error.message}</p>;
  if (!a) return <p aria-busy="true">Loading…</p>;
  const reload = () => { alert.reload(); preview.reload(); };
  return (
    <>
      <p><Link href="/console/alerts">← Alerts</Link>{a.references && <> · <Link href={`/console/alerts/${a.references}`}>the alert this {a.msgType.toLowerCase()} replaces</Link></>}</p>
      <h1>{a.infos[0]?.headline}</h1>
      <p><span className={`state state-${a.state}`} data-testid="alert-state">{stateLabel(a.state)}</span>{' '}
        <span className="muted">{a.msgType !== 'Alert' ? `${a.msgType} · ` : ''}{kindLabels[a.kind]} · {a.areaDescription} · by {a.sender} · {a.urgency}, {a.severity}, {a.certainty}</span></p>
      <div className="two-col">
        <div>
          <AlertActions a={a} dry={dry} reload={reload} />
          <section className="card" aria-labelledby="messages-title">
            <h2 id="messages-title">Messages as sent</h2>
            <MessagePreview preview={preview.data} error={preview.error?.message} />
          </section>
        </div>
        <div>
          <AreaMap a={a} />
          <section className="card" aria-labelledby="reach-title">
            <h2 id="reach-title">{live ? 'Delivery' : 'Reach'}</h2>
            {dry && !live && <div data-testid="dry-run"><ReachSummary reach={dry} /> <p className="muted small">{dry.deliveries} messages. {dry.needsSecondApprover ? 'Over the two-person threshold: a second operator approves, and confirms the send.' : ''}</p></div>}
            {dryError && !live && <p role="alert" className="error">The reach could not be counted, so the alert cannot be approved yet: {dryError}</p>}
            {live && <DeliveryProgress id={id} />}
          </section>
        </div>
      </div>
      {live && can(op, 'editor') && <DeliveryRows alertId={id} />}
      {live && a.asksCheckin && <EscalationPanel alertId={id} />}
      {live && <AccountabilityBoard alertId={id} />}
    </>
  );
}

function AreaMap({ a }: { a: AlertView }) {
  const advisories = useFetch<{ items: Advisory[] }>('/api/advisories');
  const levels = useMemo(() => Object.fromEntries((advisories.data?.items ?? []).map((x) => [x.countryCode, x.level])), [advisories.data]);
  const countries = a.area.countries ?? [];
  const focus = countries[0] ?? a.area.subdivisions?.[0]?.slice(0, 2);
  const outlines = useSubdivisionOutlines(a.area.subdivisions ?? []);
  const cities = useCityCircles(a.area.cities ?? []);
  return (
    <section className="card" aria-labelledby="area-title">
      <h2 id="area-title">Area</h2>
      <WorldMap levels={levels} focus={focus} selected={new Set(countries)} circles={[...(a.area.circles ?? []), ...cities]} polygons={a.area.polygons ?? []} outlines={outlines} height={300}
        label={`Map of the alert's area: ${a.areaDescription}`} />
      <p className="muted small">{a.areaDescription}</p>
    </section>
  );
}

function DeliveryProgress({ id }: { id: string }) {
  const progress = useFetch<Progress>(`/api/alerts/${id}/progress`, 1000);
  const p = progress.data;
  if (!p) return <p aria-busy="true">Loading…</p>;
  const finished = p.byState.sent + p.byState.failed + p.byState.bounced;
  const percent = p.total ? Math.round((finished / p.total) * 100) : 0;
  return (
    <>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Delivery progress"><span style={{ width: `${percent}%` }} /></div>
      <p data-testid="progress"><strong>{percent}%</strong> — {finished} of {p.total} messages to {p.recipients} people{p.done ? ', done' : ''}.
        {!p.done && p.etaSeconds !== null ? ` About ${p.etaSeconds}s left at ${p.ratePerSec}/s.` : ''}</p>
      <div className="table-wrap"><table className="table">
        <caption className="sr-only">Delivery by channel</caption>
        <thead><tr><th scope="col">Channel</th><th scope="col">Queued</th><th scope="col">Sent</th><th scope="col">Failed</th><th scope="col">Bounced</th></tr></thead>
        <tbody>{Object.entries(p.byChannel).map(([c, n]) => <tr key={c}><td>{channelLabels[c as keyof typeof channelLabels] ?? c}</td><td>{n.queued + n.sending}</td><td>{n.sent}</td><td>{n.failed}</td><td>{n.bounced}</td></tr>)}</tbody>
      </table></div>
    </>
  );
}
