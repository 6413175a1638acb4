import type { ApiResponse } from '../api';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDate } from '../i18n';
import { Link } from '../router';
import { useFetch } from '../useFetch';

export type PublicAlert = ApiResponse<'/api/public/alerts'>['items'][number];

/** The latest published public alerts, optionally for one country. */
export function RecentAlerts({ full, country }: { full?: boolean; country?: string }) {
  const { t } = useTranslation();
  const formatDate = useDate();
  const { data, error } = useFetch<{ items: PublicAlert[] }>(`/api/public/alerts${country ? `?country=${country}` : ''}`);
  const items = (data?.items ?? []).slice(0, full ? 200 : 5);
  if (!full && country && !items.length) return null;
  const Heading = full ? 'h1' : 'h2';
  return (
    <section aria-labelledby="alerts-title" className="recent-alerts">
      <Heading id="alerts-title">{t(country ? 'alerts.forCountry' : 'alerts.recent')}</Heading>
      {error && <p className="muted">{t('alerts.unavailable')}</p>}
      {!error && data && !items.length && <p className="muted">{t('alerts.none')}</p>}
      <ul className="plain">
        {items.map((a) => (
          <li key={a.id}>
            <Link href={`/alerts/${a.id}`}><strong><bdi>{a.headline}</bdi></strong></Link>
            <span className="muted"> — {t(`alert.kinds.${a.kind}`, { defaultValue: a.kindLabel })}{a.msgType !== 'Alert' ? ` (${a.msgType})` : ''}, <bdi>{a.areaDescription}</bdi>, {formatDate(a.publishedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface CapInfo { headline: string; event: string; description: string; instruction: string; areaDesc: string; sent: string; language: string; contact: string }

/** One alert, read from its CAP 1.2 document (the public record of what was sent). */
export function AlertPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const formatDate = useDate();
  const [info, setInfo] = useState<CapInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch(`/cap/alerts/${id}.xml`).then(async (res) => {
      if (!res.ok) throw new Error(res.status === 404 ? t('alerts.notFound') : `HTTP ${res.status}`);
      const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
      const text = (el: Element | Document | null | undefined, name: string) => el?.getElementsByTagName(name)[0]?.textContent?.trim() ?? '';
      const block = doc.getElementsByTagName('info')[0];
      setInfo({ headline: text(block, 'headline'), event: text(block, 'event'), description: text(block, 'description'), instruction: text(block, 'instruction'),
        areaDesc: text(block, 'areaDesc'), sent: text(doc, 'sent'), language: text(block, 'language'), contact: text(block, 'contact') });
    }).catch((e: Error) => setError(e.message));
  }, [id, t]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!info) return <p aria-busy="true">{t('site.loading')}</p>;
  return (
    <article className="alert-page">
      <p><Link href="/alerts">{t('alerts.all')}</Link></p>
      <p className="muted">{info.event} · {formatDate(info.sent)}</p>
      <h1>{info.headline}</h1>
      <p><strong>{t('alerts.area')}</strong> {info.areaDesc}</p>
      <section className="card instruction" aria-labelledby="todo"><h2 id="todo">{t('alerts.whatToDo')}</h2>{info.instruction.split('\n').map((l, i) => <p key={i}>{l}</p>)}</section>
      {info.description.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>)}
      {info.contact && <p><strong>{t('alerts.contact')}</strong> {info.contact}</p>}
      <p><a href={`/cap/alerts/${id}.xml`}>{t('alerts.cap')}</a></p>
    </article>
  );
}
