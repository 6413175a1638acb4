import { useEffect, useState } from 'react';
import type { Advisory, Post } from '../api';
import { formatDate, levelColours, postStatusLabels } from '../levels';
import { Link } from '../router';
import { useFetch } from '../useFetch';
import { pendingAdvisories } from './AdvisoryEditor';
import { consoleExtensions } from './extensions';
import { useOperator, can } from './session';

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
