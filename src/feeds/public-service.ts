/**
 * The public read side: feeds (Atom/RSS) and the public JSON API. Presenters pick fields
 * explicitly, so nothing personal (operators, travellers, recipients) can leak by accident.
 */
import type { Db } from '../db/index.js';
import { getAdvisoryHistory, getCurrentAdvisory, lastAdvisoryPublishedAt, listCurrentAdvisories } from '../advisories/service.js';
import { lastPublicAlertAt } from '../alerts/store.js';
import type { AdvisoryView } from '../advisories/schema.js';
import { indicatorNames } from '../advisories/schema.js';
import { listPosts } from '../posts/service.js';
import { getCountry } from '../geo/index.js';
import { advisoryCapUrl, advisoryPageUrl, type CapSite } from './advisory-cap.js';
import { advisoryCapXml, advisoryFeedEntry, countryContacts, listPublishedAdvisoryVersions } from './advisory-feed-service.js';
import { alertCapUrl, alertFeedEntries, alertPageUrl, FEED_RETENTION_HOURS, listPublicAlerts, type PublicAlert } from './alert-cap.js';
import { buildAtom, buildRss, type FeedEntry, type FeedMeta } from './feed-writer.js';

export type FeedKind = 'advisories' | 'alerts' | 'country';
export type FeedFormat = 'atom' | 'rss';

export interface BuiltFeed {
  body: string;
  contentType: string;
  /** Newest entry's time; for an empty feed the last publication anywhere (or the server's start). */
  lastModified: Date;
}

const FEED_LIMIT = 100;
const HOUR_MS = 3_600_000;

/**
 * A feed of published advisory versions and public alert messages, newest first. A message
 * leaves the feeds FEED_RETENTION_HOURS after it was cancelled, superseded or expired, so
 * aggregators see the Cancel or the expiry before the entry goes. `now` is for tests.
 */
export async function buildFeed(db: Db, site: CapSite, kind: FeedKind, format: FeedFormat, countryCode?: string, now = new Date()): Promise<BuiltFeed> {
  const endedAfter = new Date(now.getTime() - FEED_RETENTION_HOURS * HOUR_MS);
  const entries: FeedEntry[] = [];
  const advisories = async (cc?: string) => {
    const versions = await listPublishedAdvisoryVersions(db, { countryCode: cc, limit: FEED_LIMIT, endedAfter, reviewDays: site.advisoryReviewDays });
    const contacts = await countryContacts(db, cc);
    entries.push(...versions.map((v) => advisoryFeedEntry(v, site, advisoryCapXml(v, site, contacts))));
  };
  let title: string;
  let path: string;
  let page: string;
  if (kind === 'advisories') {
    await advisories();
    title = 'Warden travel advisories';
    path = `/feeds/advisories.${format}`;
    page = `${site.publicUrl}/list`;
  } else if (kind === 'alerts') {
    entries.push(...await alertFeedEntries(db, site, await listPublicAlerts(db, site, { limit: FEED_LIMIT, endedAfter })));
    title = 'Warden alerts';
    path = `/feeds/alerts.${format}`;
    page = `${site.publicUrl}/alerts`;
  } else {
    const cc = countryCode!;
    await advisories(cc);
    const alerts = (await listPublicAlerts(db, site, { countryCode: cc, limit: 1000, endedAfter })).slice(0, FEED_LIMIT);
    entries.push(...await alertFeedEntries(db, site, alerts));
    entries.sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id));
    entries.splice(FEED_LIMIT);
    title = `Warden: ${getCountry(cc)?.name ?? cc} - advisories and alerts`;
    path = `/feeds/countries/${cc}.${format}`;
    page = advisoryPageUrl(site, cc);
  }
  const newest = entries.reduce<Date | undefined>((max, e) => (!max || e.updated > max ? e.updated : max), undefined);
  // An empty feed was last updated when anything was last published (or, on a new instance, when it started).
  const lastModified = newest ?? (await lastPublication(db)) ?? STARTED_AT;
  const meta: FeedMeta = {
    id: `${site.publicUrl}${path.replace(/\.(atom|rss)$/, '')}`,
    title,
    subtitle: `${title}; each entry links to its CAP 1.2 document`,
    updated: lastModified,
    link: page,
    selfLink: `${site.publicUrl}${path}`,
    author: { name: site.senderName, uri: site.publicUrl },
    language: 'en',
  };
  return format === 'atom'
    ? { body: buildAtom(meta, entries), contentType: 'application/atom+xml; charset=utf-8', lastModified }
    : { body: buildRss(meta, entries), contentType: 'application/rss+xml; charset=utf-8', lastModified };
}

/** Whole seconds, so Last-Modified (second precision) round-trips through If-Modified-Since. */
const STARTED_AT = new Date(Math.floor(Date.now() / 1000) * 1000);

async function lastPublication(db: Db): Promise<Date | undefined> {
  const times = [await lastAdvisoryPublishedAt(db), await lastPublicAlertAt(db)].filter((t): t is Date => t !== null);
  return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : undefined;
}

export interface PublicAdvisorySummary {
  countryCode: string;
  countryName: string;
  level: number;
  levelLabel: string;
  indicators: { code: string; name: string }[];
  title: string;
  summary: string;
  version: number;
  updated: string | null;
  links: { page: string; cap: string; atom: string; rss: string };
}

function summarise(a: AdvisoryView, site: CapSite): PublicAdvisorySummary {
  return {
    countryCode: a.countryCode, countryName: a.countryName, level: a.level, levelLabel: a.levelLabel,
    indicators: a.indicators.map((code) => ({ code, name: indicatorNames[code as keyof typeof indicatorNames] ?? code })),
    title: a.title, summary: a.summary, version: a.version, updated: a.publishedAt,
    links: {
      page: advisoryPageUrl(site, a.countryCode), cap: advisoryCapUrl(site, a.countryCode),
      atom: `${site.publicUrl}/feeds/countries/${a.countryCode}.atom`, rss: `${site.publicUrl}/feeds/countries/${a.countryCode}.rss`,
    },
  };
}

export async function publicAdvisories(db: Db, site: CapSite): Promise<{ items: PublicAdvisorySummary[] }> {
  return { items: (await listCurrentAdvisories(db)).map((a) => summarise(a, site)) };
}

export async function publicAdvisory(db: Db, site: CapSite, cc: string) {
  const current = await getCurrentAdvisory(db, cc);
  const history = await getAdvisoryHistory(db, cc);
  const posts = await listPosts(db, cc);
  return {
    ...summarise(current, site),
    body: current.body,
    exceptions: current.exceptions,
    history: history.map((h) => ({
      version: h.version, level: h.level, levelLabel: h.levelLabel, indicators: h.indicators, title: h.title, summary: h.summary,
      publishedAt: h.publishedAt, supersededAt: h.supersededAt, cap: advisoryCapUrl(site, h.countryCode, h.version),
    })),
    // Posts are public institutions: their published contacts are not personal data.
    posts: posts.map((p) => ({
      slug: p.slug, name: p.name, kind: p.kind, city: p.city, lat: p.lat, lon: p.lon, contacts: p.contacts,
      status: p.status, statusMessage: p.statusMessage, statusSince: p.statusSince, doNotApproach: p.doNotApproach,
      departurePosture: p.departurePosture,
    })),
  };
}

function presentAlert(a: PublicAlert, site: CapSite) {
  return {
    id: a.id, kind: a.kind, kindLabel: a.kindLabel, msgType: a.msgType, state: a.state, status: a.status,
    headline: a.headline, event: a.event, areaDescription: a.areaDescription, countries: a.countries,
    languages: a.row.infos.map((i) => i.language ?? 'en'),
    effective: a.effective.toISOString(), expires: a.expires?.toISOString() ?? null, publishedAt: a.publishedAt.toISOString(),
    references: a.referencesId,
    links: { page: alertPageUrl(site, a.id), cap: alertCapUrl(site, a.id) },
  };
}

export async function publicAlerts(db: Db, site: CapSite, countryCode?: string) {
  return { items: (await listPublicAlerts(db, site, { countryCode, limit: 200 })).map((a) => presentAlert(a, site)) };
}
