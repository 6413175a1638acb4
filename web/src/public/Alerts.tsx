import { useFetch } from '../useFetch';
import { formatDate } from '../levels';

export interface PublicAlert { id: string; headline: string; kind?: string; event?: string; instruction?: string; areaDescription?: string; publishedAt?: string | null; effective?: string | null; sentAt?: string | null }

/** The latest published alerts (public). Hidden quietly while the alerts API is absent. */
export function RecentAlerts({ full }: { full?: boolean }) {
  const { data, error } = useFetch<{ items: PublicAlert[] }>(`/api/public/alerts?limit=${full ? 50 : 5}`);
  if (error && !full) return null;
  const items = data?.items ?? [];
  return (
    <section aria-labelledby="alerts-title" className="recent-alerts">
      <h2 id="alerts-title">Recent alerts</h2>
      {error && <p className="muted">Alerts are not available right now.</p>}
      {!error && !items.length && <p className="muted">No recent alerts.</p>}
      <ul>
        {items.map((a) => (
          <li key={a.id}>
            <strong>{a.headline}</strong>
            {a.areaDescription && <span className="muted"> — {a.areaDescription}</span>}
            <span className="muted"> {formatDate(a.publishedAt ?? a.sentAt ?? a.effective)}</span>
            {a.instruction && <p>{a.instruction}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
