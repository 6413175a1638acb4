import { formatDate } from '../levels';
import { Link } from '../router';
import { useFetch } from '../useFetch';
import { stateLabel, type AlertView } from './alert-types';
import { can, useOperator } from './session';

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
            <span className={`state state-${a.state}`}>{stateLabel(a.state)}</span>
            <span className="muted"> — {a.msgType !== 'Alert' ? `${a.msgType} · ` : ''}{a.areaDescription} · {formatDate(a.publishedAt ?? a.submittedAt ?? a.createdAt)}{a.recipientCount !== null ? ` · ${a.recipientCount} recipients` : ''}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Dashboard panel: alerts waiting for approval, the operator's drafts an approver sent back (the console's notification of a rejection), alerts being delivered. */
export function AlertsPanel() {
  const op = useOperator();
  const pending = useFetch<{ items: AlertView[] }>('/api/alerts?state=pending_approval&limit=20', 5000);
  const published = useFetch<{ items: AlertView[] }>('/api/alerts?state=published&limit=5', 5000);
  const drafts = useFetch<{ items: AlertView[] }>('/api/alerts?state=draft&limit=100', 15000);
  const returned = (drafts.data?.items ?? []).filter((a) => a.rejection && a.createdBy === op.id);
  return (
    <section className="card" aria-labelledby="alerts-panel">
      <h2 id="alerts-panel">Alerts</h2>
      <p>{pending.data?.items.length ?? 0} waiting for approval · <Link href="/console/approvals">approval queue</Link> · <Link href="/console/alerts/new">compose</Link></p>
      {returned.length > 0 && (
        <div className="notice" data-testid="returned-drafts">
          <h3>Sent back to you</h3>
          <ul className="plain">{returned.map((a) => <li key={a.id}><Link href={`/console/alerts/${a.id}`}>{a.infos[0]?.headline}</Link> <span className="muted">— {a.rejection!.reason}</span></li>)}</ul>
        </div>
      )}
      <ul className="plain">
        {(published.data?.items ?? []).map((a) => <li key={a.id}><Link href={`/console/alerts/${a.id}`}>{a.infos[0]?.headline}</Link> <span className="muted">{a.recipientCount ?? 0} recipients · {formatDate(a.publishedAt)}</span></li>)}
      </ul>
    </section>
  );
}
