import type { ApiResponse } from '../api';
import { useEffect, useState } from 'react';
import { formatDate } from '../levels';
import { Link } from '../router';
import { useFetch } from '../useFetch';

export type PublicAlert = ApiResponse<'/api/public/alerts'>['items'][number];

/** The latest published public alerts, optionally for one country. */
export function RecentAlerts({ full, country }: { full?: boolean; country?: string }) {
  const { data, error } = useFetch<{ items: PublicAlert[] }>(`/api/public/alerts${country ? `?country=${country}` : ''}`);
  const items = (data?.items ?? []).slice(0, full ? 200 : 5);
  if (!full && country && !items.length) return null;
  const Heading = full ? 'h1' : 'h2';
  return (
    <section aria-labelledby="alerts-title" className="recent-alerts">
      <Heading id="alerts-title">{country ? 'Alerts for this country' : 'Recent alerts'}</Heading>
      {error && <p className="muted">Alerts are not available right now.</p>}
      {!error && data && !items.length && <p className="muted">No recent alerts.</p>}
      <ul className="plain">
        {items.map((a) => (
          <li key={a.id}>
            <Link href={`/alerts/${a.id}`}><strong>{a.headline}</strong></Link>
            <span className="muted"> — {a.kindLabel}{a.msgType !== 'Alert' ? ` (${a.msgType})` : ''}, {a.areaDescription}, {formatDate(a.publishedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface CapInfo { headline: string; event: string; description: string; instruction: string; areaDesc: string; sent: string; language: string; contact: string }

/** One alert, read from its CAP 1.2 document (the public record of what was sent). */
export function AlertPage({ id }: { id: string }) {
  const [info, setInfo] = useState<CapInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch(`/cap/alerts/${id}.xml`).then(async (res) => {
      if (!res.ok) throw new Error(res.status === 404 ? 'No published alert has this address.' : `HTTP ${res.status}`);
      const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
      const text = (el: Element | Document | null | undefined, name: string) => el?.getElementsByTagName(name)[0]?.textContent?.trim() ?? '';
      const block = doc.getElementsByTagName('info')[0];
      setInfo({ headline: text(block, 'headline'), event: text(block, 'event'), description: text(block, 'description'), instruction: text(block, 'instruction'),
        areaDesc: text(block, 'areaDesc'), sent: text(doc, 'sent'), language: text(block, 'language'), contact: text(block, 'contact') });
    }).catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!info) return <p aria-busy="true">Loading…</p>;
  return (
    <article className="alert-page">
      <p><Link href="/alerts">← All alerts</Link></p>
      <p className="muted">{info.event} · {formatDate(info.sent)}</p>
      <h1>{info.headline}</h1>
      <p><strong>Area:</strong> {info.areaDesc}</p>
      <section className="card instruction" aria-labelledby="todo"><h2 id="todo">What to do</h2>{info.instruction.split('\n').map((l, i) => <p key={i}>{l}</p>)}</section>
      {info.description.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>)}
      {info.contact && <p><strong>Contact:</strong> {info.contact}</p>}
      <p><a href={`/cap/alerts/${id}.xml`}>CAP 1.2 document</a></p>
    </article>
  );
}
