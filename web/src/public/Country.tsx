import type { Advisory, Post } from '../api';
import { useTranslation } from 'react-i18next';
import { useCountryName, useDate } from '../i18n';
import { badgeStyle, levelColours } from '../levels';
import { WorldMap, type MapCircle } from '../map/WorldMap';
import { Link } from '../router';
import { useFetch } from '../useFetch';
import { RecentAlerts } from './Alerts';

type WithHistory = Advisory & { history: Advisory[] };

export function CountryPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const formatDate = useDate();
  const countryName = useCountryName();
  const cc = code.toUpperCase();
  const advisory = useFetch<WithHistory>(`/api/advisories/${cc}`);
  const subdivisions = useFetch<{ items: { code: string; name: string }[] }>(`/api/geo/countries/${cc}/subdivisions`);
  const subName = (code: string) => subdivisions.data?.items.find((s) => s.code === code)?.name ?? code;
  const posts = useFetch<{ items: Post[] }>(`/api/posts?country=${cc}`);
  const a = advisory.data;
  const circles: MapCircle[] = (a?.exceptions ?? []).flatMap((e) => e.area?.circles ?? []);
  const postCircles: MapCircle[] = (posts.data?.items ?? []).filter((p) => p.lat !== null && p.lon !== null)
    .map((p) => ({ lat: p.lat!, lon: p.lon!, radiusKm: 8, label: p.name }));

  if (advisory.error && 'status' in advisory.error && advisory.error.status === 404) {
    return (
      <article>
        <p><Link href="/">{t('country.all')}</Link></p>
        <h1>{cc}</h1>
        <p>{t('country.noAdvisory')}</p>
        <Posts posts={posts.data?.items ?? []} />
      </article>
    );
  }
  if (advisory.error) return <p role="alert" className="error">{advisory.error.message}</p>;
  if (!a) return <p aria-busy="true">{t('site.loading')}</p>;

  return (
    <article className="country">
      <p><Link href="/">{t('country.all')}</Link></p>
      <header className="country-head" style={{ borderColor: levelColours[a.level] }}>
        <h1>{countryName(a.countryCode, a.countryName)}</h1>
        <p className="level" data-testid="level">
          <span className="badge big" style={badgeStyle(a.level)}>{t('levels.label', { level: a.level })}</span> {t(`levels.${a.level}`)}
        </p>
        <p className="muted">{t('country.version', { version: a.version, date: formatDate(a.publishedAt) })}</p>
      </header>

      <Posts posts={posts.data?.items ?? []} urgentOnly />
      <RecentAlerts country={a.countryCode} />

      <div className="two-col">
        <div>
          <h2>{a.title}</h2>
          <p className="summary">{a.summary}</p>
          {a.indicators.length > 0 && (
            <>
              <h3>{t('country.indicators')}</h3>
              <ul className="indicators">
                {a.indicators.map((i) => <li key={i}><abbr title={t(`indicators.${i}`)}>{i}</abbr> {t(`indicators.${i}`, { defaultValue: i })}</li>)}
              </ul>
            </>
          )}
          {a.body && <div className="body">{a.body.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>)}</div>}
        </div>
        <div>
          <WorldMap levels={{ [a.countryCode]: a.level }} focus={a.countryCode} circles={[...circles, ...postCircles]} height={360}
            label={t(circles.length ? (postCircles.length ? 'country.mapOfWithBoth' : 'country.mapOfWithExceptions') : postCircles.length ? 'country.mapOfWithPosts' : 'country.mapOf', { name: countryName(a.countryCode, a.countryName) })} />
          {a.exceptions.length > 0 && (
            <section aria-labelledby="exceptions">
              <h3 id="exceptions">{t('country.exceptions')}</h3>
              <ul className="exceptions">
                {a.exceptions.map((e, i) => (
                  <li key={i}>
                    <span className="badge" style={badgeStyle(e.level)}>{t('levels.label', { level: e.level })}</span>{' '}
                    {e.subdivisionCode && <strong>{subName(e.subdivisionCode)}: </strong>}{e.note}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>

      <Posts posts={posts.data?.items ?? []} />

      <section aria-labelledby="history">
        <h2 id="history">{t('country.history')}</h2>
        <ol className="history">
          {a.history.map((h) => (
            <li key={h.id}>
              <span className="badge" style={badgeStyle(h.level)}>{t('levels.label', { level: h.level })}</span>{' '}
              {h.state === 'published' ? t('country.current', { version: h.version, published: formatDate(h.publishedAt) })
                : t('country.superseded', { version: h.version, superseded: formatDate(h.supersededAt), published: formatDate(h.publishedAt) })}
              <details><summary>{t('country.summary')}</summary><p>{h.summary}</p></details>
            </li>
          ))}
        </ol>
      </section>
      <p className="feeds-inline">{t('country.follow')} <a href={`/feeds/countries/${a.countryCode}.atom`}>Atom</a> · <a href={`/feeds/countries/${a.countryCode}.rss`}>RSS</a> · <a href={`/cap/advisories/${a.countryCode}.xml`}>CAP 1.2</a> · <Link href="/subscribe">{t('country.followEmail')}</Link></p>
    </article>
  );
}

function Posts({ posts, urgentOnly }: { posts: Post[]; urgentOnly?: boolean }) {
  const { t } = useTranslation();
  const formatDate = useDate();
  const shown = urgentOnly ? posts.filter((p) => p.status !== 'normal' || p.doNotApproach || p.departurePosture !== 'none') : posts;
  if (!shown.length) return urgentOnly ? null : <section><h2>{t('country.posts')}</h2><p className="muted">{t('country.noPosts')}</p></section>;
  return (
    <section aria-labelledby={urgentOnly ? 'post-alerts' : 'posts'} className={urgentOnly ? 'post-alerts' : ''}>
      <h2 id={urgentOnly ? 'post-alerts' : 'posts'}>{t(urgentOnly ? 'country.postStatus' : 'country.posts')}</h2>
      <ul className="posts">
        {shown.map((p) => (
          <li key={p.id} className={`post status-${p.status}`} data-testid={`post-${p.slug}`}>
            <h3>{p.name} <span className="muted">({p.city})</span></h3>
            <p><strong className={`status status-${p.status}`}>{t(`postStatus.${p.status}`)}</strong>
              {p.departurePosture !== 'none' && <strong className="status status-suspended"> · {t(`posture.${p.departurePosture}`)}</strong>}
              <span className="muted"> {t('country.since', { date: formatDate(p.statusSince) })}</span></p>
            {p.statusMessage && <p className={`status-message${p.doNotApproach ? ' do-not-approach' : ''}`}>{p.statusMessage}</p>}
            {p.doNotApproach && !/do not approach/i.test(p.statusMessage) && <p className="do-not-approach" role="note">{t(p.kind === 'consulate' ? 'country.doNotApproachConsulate' : 'country.doNotApproachEmbassy')}</p>}
            {!urgentOnly && (
              <dl className="contacts">
                {p.contacts.emergencyPhone && <><dt>{t('country.emergency')}</dt><dd><a dir="ltr" href={`tel:${p.contacts.emergencyPhone}`}>{p.contacts.emergencyPhone}</a></dd></>}
                {p.contacts.phone && <><dt>{t('country.phone')}</dt><dd><a dir="ltr" href={`tel:${p.contacts.phone}`}>{p.contacts.phone}</a></dd></>}
                {p.contacts.email && <><dt>{t('country.email')}</dt><dd><a dir="ltr" href={`mailto:${p.contacts.email}`}>{p.contacts.email}</a></dd></>}
                {p.contacts.address && <><dt>{t('country.address')}</dt><dd>{p.contacts.address}</dd></>}
              </dl>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
