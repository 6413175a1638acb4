import { useEffect, useState } from 'react';
import type { Advisory, Post } from '../api';
import { formatDate, levelColours, postStatusLabels } from '../levels';
import { Link } from '../router';
import { useFetch } from '../useFetch';
import { pendingAdvisories } from './AdvisoryEditor';
import { consoleExtensions } from './extensions';
import { useOperator, can } from './session';

interface IncidentSummary {
  id: string; status: string; title: string; firstSeen: string; lastSeen: string;
  eventTypes: string[]; severity: number; countryCodes: string[]; documentCount: number;
}

/** A YYYY-MM-DD day as "25 Nov 2026". */
const formatDay = (day: string) => new Date(`${day.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The newest incidents intake found and nobody has reviewed yet. */
function NewIncidents() {
  const incidents = useFetch<{ items: IncidentSummary[]; total: number }>('/api/incidents?status=new&limit=10', 60_000);
  const items = incidents.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="incidents-title" data-testid="new-incidents">
      <h2 id="incidents-title">New intake incidents{incidents.data && incidents.data.total > items.length ? ` (${items.length} of ${incidents.data.total})` : ''}</h2>
      {incidents.error && <p role="alert" className="error">Incidents could not load: {incidents.error.message}</p>}
      {incidents.data && !items.length && <p className="muted">No new incidents</p>}
      {items.length > 0 && (
        <ul className="plain" aria-label="New incidents, newest first">
          {items.map((i) => (
            <li key={i.id}>
              <Link href={`/console/incidents/${i.id}`}><strong>{i.title}</strong></Link>{' '}
              <span className="muted">
                — severity {i.severity}
                {i.eventTypes.length ? ` · ${i.eventTypes.join(', ').replace(/_/g, ' ')}` : ''}
                {` · ${i.countryCodes.length ? i.countryCodes.join(', ') : 'no country'}`}
                {' · '}{i.firstSeen === i.lastSeen ? <time dateTime={i.lastSeen}>{formatDay(i.lastSeen)}</time>
                  : <><time dateTime={i.firstSeen}>{formatDay(i.firstSeen)}</time> – <time dateTime={i.lastSeen}>{formatDay(i.lastSeen)}</time></>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Dashboard() {
  const op = useOperator();
  const advisories = useFetch<{ items: Advisory[] }>('/api/advisories', 30_000);
  const posts = useFetch<{ items: Post[] }>('/api/posts', 30_000);
  const [pending, setPending] = useState<Advisory[]>([]);
  const codes = (advisories.data?.items ?? []).map((a) => a.countryCode).join(',');
  useEffect(() => { if (codes) void pendingAdvisories(codes.split(',')).then(setPending); }, [codes]);
  const byLevel = [4, 3, 2, 1].map((l) => ({ level: l, items: (advisories.data?.items ?? []).filter((a) => a.level === l) }));
  const troubled = (posts.data?.items ?? []).filter((p) => p.status !== 'normal' || p.departurePosture !== 'none');
  return (
    <>
      <h1>Dashboard</h1>
      <div className="tiles">
        {byLevel.map(({ level, items }) => (
          <div key={level} className="tile" style={{ borderTopColor: levelColours[level] }}>
            <p className="big-number">{items.length}</p><p>countries at level {level}</p>
            {level >= 3 && <p className="muted small">{items.map((a) => a.countryName).join(', ')}</p>}
          </div>
        ))}
      </div>
      {consoleExtensions.filter((e) => e.dashboard && can(op, e.role)).map((e) => <div key={e.path}>{e.dashboard!()}</div>)}
      <NewIncidents />
      <section className="card" aria-labelledby="posts-title">
        <h2 id="posts-title">Posts not operating normally</h2>
        {!troubled.length && <p className="muted">All posts operate normally.</p>}
        <ul className="plain">
          {troubled.map((p) => <li key={p.id}><strong>{p.name}</strong> — {postStatusLabels[p.status]}{p.departurePosture !== 'none' ? `, ${p.departurePosture} departure` : ''} since {formatDate(p.statusSince)}</li>)}
        </ul>
        <Link href="/console/posts">Post status →</Link>
      </section>
      <section className="card" aria-labelledby="pending-adv">
        <h2 id="pending-adv">Advisory versions awaiting approval</h2>
        {!pending.length && <p className="muted">None.</p>}
        <ul className="plain">
          {pending.map((v) => <li key={v.id}><Link href={`/console/advisories/${v.countryCode.toLowerCase()}`}>{v.countryName} v{v.version} (level {v.level})</Link></li>)}
        </ul>
      </section>
    </>
  );
}
