import type { Advisory, Post } from '../api';
import { badgeStyle, formatDate, indicatorNames, levelColours, levelLabels, postStatusLabels, postureLabels } from '../levels';
import { WorldMap, type MapCircle } from '../map/WorldMap';
import { Link } from '../router';
import { useFetch } from '../useFetch';
import { RecentAlerts } from './Alerts';

type WithHistory = Advisory & { history: Advisory[] };

export function CountryPage({ code }: { code: string }) {
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
        <p><Link href="/">← All countries</Link></p>
        <h1>{cc}</h1>
        <p>There is no published advisory for this country. Exercise normal precautions and check back before you travel.</p>
        <Posts posts={posts.data?.items ?? []} />
      </article>
    );
  }
  if (advisory.error) return <p role="alert" className="error">{advisory.error.message}</p>;
  if (!a) return <p aria-busy="true">Loading…</p>;

  return (
    <article className="country">
      <p><Link href="/">← All countries</Link></p>
      <header className="country-head" style={{ borderColor: levelColours[a.level] }}>
        <h1>{a.countryName}</h1>
        <p className="level" data-testid="level">
          <span className="badge big" style={badgeStyle(a.level)}>Level {a.level}</span> {levelLabels[a.level]}
        </p>
        <p className="muted">Version {a.version}, published {formatDate(a.publishedAt)}</p>
      </header>

      <Posts posts={posts.data?.items ?? []} urgentOnly />
      <RecentAlerts country={a.countryCode} />

      <div className="two-col">
        <div>
          <h2>{a.title}</h2>
          <p className="summary">{a.summary}</p>
          {a.indicators.length > 0 && (
            <>
              <h3>Risk indicators</h3>
              <ul className="indicators">
                {a.indicators.map((i) => <li key={i}><abbr title={indicatorNames[i]}>{i}</abbr> {indicatorNames[i] ?? i}</li>)}
              </ul>
            </>
          )}
          {a.body && <div className="body">{a.body.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>)}</div>}
        </div>
        <div>
          <WorldMap levels={{ [a.countryCode]: a.level }} focus={a.countryCode} circles={[...circles, ...postCircles]} height={360}
            label={`Map of ${a.countryName}${circles.length ? ' with regional exceptions' : ''}${postCircles.length ? ' and the locations of its posts' : ''}`} />
          {a.exceptions.length > 0 && (
            <section aria-labelledby="exceptions">
              <h3 id="exceptions">Regional exceptions</h3>
              <ul className="exceptions">
                {a.exceptions.map((e, i) => (
                  <li key={i}>
                    <span className="badge" style={badgeStyle(e.level)}>Level {e.level}</span>{' '}
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
        <h2 id="history">History</h2>
        <ol className="history">
          {a.history.map((h) => (
            <li key={h.id}>
              <span className="badge" style={badgeStyle(h.level)}>Level {h.level}</span>{' '}
              Version {h.version} — {h.state === 'published' ? 'current' : `superseded ${formatDate(h.supersededAt)}`}, published {formatDate(h.publishedAt)}
              <details><summary>Summary</summary><p>{h.summary}</p></details>
            </li>
          ))}
        </ol>
      </section>
      <p className="feeds-inline">Follow this country: <a href={`/feeds/countries/${a.countryCode}.atom`}>Atom</a> · <a href={`/feeds/countries/${a.countryCode}.rss`}>RSS</a> · <a href={`/cap/advisories/${a.countryCode}.xml`}>CAP 1.2</a> · <Link href="/subscribe">e-mail</Link></p>
    </article>
  );
}

function Posts({ posts, urgentOnly }: { posts: Post[]; urgentOnly?: boolean }) {
  const shown = urgentOnly ? posts.filter((p) => p.status !== 'normal' || p.doNotApproach || p.departurePosture !== 'none') : posts;
  if (!shown.length) return urgentOnly ? null : <section><h2>Embassies and consulates</h2><p className="muted">No posts listed.</p></section>;
  return (
    <section aria-labelledby={urgentOnly ? 'post-alerts' : 'posts'} className={urgentOnly ? 'post-alerts' : ''}>
      <h2 id={urgentOnly ? 'post-alerts' : 'posts'}>{urgentOnly ? 'Embassy status' : 'Embassies and consulates'}</h2>
      <ul className="posts">
        {shown.map((p) => (
          <li key={p.id} className={`post status-${p.status}`} data-testid={`post-${p.slug}`}>
            <h3>{p.name} <span className="muted">({p.city})</span></h3>
            <p><strong className={`status status-${p.status}`}>{postStatusLabels[p.status]}</strong>
              {p.departurePosture !== 'none' && <strong className="status status-suspended"> · {postureLabels[p.departurePosture]}</strong>}
              <span className="muted"> since {formatDate(p.statusSince)}</span></p>
            {p.statusMessage && <p className={`status-message${p.doNotApproach ? ' do-not-approach' : ''}`}>{p.statusMessage}</p>}
            {p.doNotApproach && !/do not approach/i.test(p.statusMessage) && <p className="do-not-approach" role="note">Do not approach the {p.kind === 'consulate' ? 'Consulate' : 'Embassy'}.</p>}
            {!urgentOnly && (
              <dl className="contacts">
                {p.contacts.emergencyPhone && <><dt>Emergency</dt><dd><a href={`tel:${p.contacts.emergencyPhone}`}>{p.contacts.emergencyPhone}</a></dd></>}
                {p.contacts.phone && <><dt>Phone</dt><dd><a href={`tel:${p.contacts.phone}`}>{p.contacts.phone}</a></dd></>}
                {p.contacts.email && <><dt>E-mail</dt><dd><a href={`mailto:${p.contacts.email}`}>{p.contacts.email}</a></dd></>}
                {p.contacts.address && <><dt>Address</dt><dd>{p.contacts.address}</dd></>}
              </dl>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
