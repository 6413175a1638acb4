/**
 * Read-only queries behind the advisory CAP documents and feeds. Every version that was
 * ever published (current or superseded) stays readable as CAP.
 */
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import { listPublishedVersionRows, publishedVersionRow, requireCountry, type PublishedVersionRow } from '../advisories/service.js';
import { getCountry } from '../geo/index.js';
import { indicatorNames } from '../advisories/schema.js';
import { listPosts } from '../posts/service.js';
import {
  advisoryCapUrl,
  advisoryHeadline,
  advisoryIdentifier,
  advisoryPageUrl,
  advisoryToCap,
  postContactLine,
  senderDomain,
  type AdvisoryVersionForCap,
  type CapSite,
} from './advisory-cap.js';
import { writeCap } from './cap-writer.js';
import { CATEGORY_SCHEMES, type FeedEntry } from './feed-writer.js';

type VersionRow = PublishedVersionRow;


function toVersion(row: VersionRow): AdvisoryVersionForCap & { state: VersionRow['state'] } {
  return {
    countryCode: row.country_code.trim(),
    version: row.version,
    level: Number(row.level) as 1 | 2 | 3 | 4,
    indicators: row.indicators,
    title: row.title,
    summary: row.summary,
    exceptions: row.exceptions,
    publishedAt: new Date(row.published_at),
    state: row.state,
    ...(row.superseded_at ? { supersededAt: new Date(row.superseded_at) } : {}),
    ...(row.prev_version !== null && row.prev_published_at !== null
      ? { previous: { version: row.prev_version, publishedAt: new Date(row.prev_published_at) } }
      : {}),
  };
}

export type PublishedAdvisoryVersion = ReturnType<typeof toVersion>;

/**
 * Published versions, newest publication first; optionally one country's; at most `limit`.
 * `endedAfter`: only versions still in force then (not superseded and not expired before it),
 * which is how feeds drop replaced and expired versions after their retention period.
 */
export async function listPublishedAdvisoryVersions(
  db: Db, opts: { countryCode?: string; limit?: number; endedAfter?: Date; reviewDays?: number } = {},
): Promise<PublishedAdvisoryVersion[]> {
  const cc = opts.countryCode ? requireCountry(opts.countryCode, 'cc') : null;
  return (await listPublishedVersionRows(db, { ...opts, countryCode: cc })).map(toVersion);
}

/** The CAP <contact> of each country: its embassy's (or first post's) public contacts. */
export async function countryContacts(db: Db, countryCode?: string): Promise<Map<string, string>> {
  const contacts = new Map<string, string>();
  // listPosts orders each country's embassies before its consulates.
  for (const post of await listPosts(db, countryCode)) {
    const line = postContactLine(post);
    if (line && !contacts.has(post.countryCode)) contacts.set(post.countryCode, line);
  }
  return contacts;
}

export function advisoryCapXml(v: PublishedAdvisoryVersion, site: CapSite, contacts: Map<string, string>): string {
  return writeCap(advisoryToCap(v, site, contacts.get(v.countryCode)));
}

export interface CapDocument {
  xml: string;
  /** When the document last changed (its publication). */
  lastModified: Date;
}

/** The CAP document of a country's current advisory, or of one published version. */
export async function advisoryCapDocument(db: Db, site: CapSite, countryCode: string, version?: number): Promise<CapDocument> {
  const cc = requireCountry(countryCode, 'cc');
  const row = await publishedVersionRow(db, cc, version);
  if (!row) throw notFound(version === undefined ? `published advisory for ${cc}` : `published version ${version} of the advisory for ${cc}`);
  const v = toVersion(row);
  return { xml: advisoryCapXml(v, site, await countryContacts(db, cc)), lastModified: v.publishedAt };
}

/** A feed entry; `capXml` is the entry's CAP document, whose size the RSS enclosure states. */
export function advisoryFeedEntry(v: PublishedAdvisoryVersion, site: CapSite, capXml?: string): FeedEntry {
  const indicators = v.indicators.map((i) => indicatorNames[i as keyof typeof indicatorNames] ?? i);
  const countryName = getCountry(v.countryCode)?.name ?? v.countryCode;
  return {
    id: `urn:warden:${senderDomain(site)}:${advisoryIdentifier(v.countryCode, v.version)}`,
    title: advisoryHeadline(v),
    summary: `${v.summary}${indicators.length ? ` Risk indicators: ${indicators.join(', ')}.` : ''}`,
    updated: v.publishedAt,
    published: v.publishedAt,
    link: advisoryPageUrl(site, v.countryCode),
    capLink: advisoryCapUrl(site, v.countryCode, v.version),
    ...(capXml ? { capLength: Buffer.byteLength(capXml) } : {}),
    categories: [
      { term: 'Safety', scheme: CATEGORY_SCHEMES.cap }, { term: 'Security', scheme: CATEGORY_SCHEMES.cap },
      { term: v.countryCode, scheme: CATEGORY_SCHEMES.country, label: countryName },
      { term: `level-${v.level}`, scheme: `${site.publicUrl}/feeds#advisory-level`, label: `Level ${v.level}` },
    ],
  };
}
