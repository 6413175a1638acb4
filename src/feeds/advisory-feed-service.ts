/**
 * Read-only queries behind the advisory CAP documents and feeds. Every version that was
 * ever published (current or superseded) stays readable as CAP.
 */
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import { requireCountry } from '../advisories/service.js';
import { getCountry } from '../geo/index.js';
import { indicatorNames } from '../advisories/schema.js';
import {
  advisoryCapUrl,
  advisoryHeadline,
  advisoryIdentifier,
  advisoryPageUrl,
  advisoryToCap,
  type AdvisoryVersionForCap,
  type CapSite,
} from './advisory-cap.js';
import { writeCap } from './cap-writer.js';
import type { FeedEntry } from './feed-writer.js';

interface VersionRow {
  country_code: string;
  version: number;
  level: 1 | 2 | 3 | 4;
  indicators: string[];
  title: string;
  summary: string;
  exceptions: unknown[];
  state: 'published' | 'superseded';
  published_at: Date;
  prev_version: number | null;
  prev_published_at: Date | null;
}

/**
 * Named query: every published-or-superseded version with the version it replaced.
 * lag() runs after WHERE, so "previous" means the previous *published* version
 * (drafts that never went out are skipped).
 */
const PUBLISHED_VERSIONS = `
  SELECT country_code, version, level, indicators, title, summary, exceptions, state, published_at,
         lag(version) OVER w AS prev_version, lag(published_at) OVER w AS prev_published_at
    FROM advisories
   WHERE state IN ('published', 'superseded') AND published_at IS NOT NULL AND ($1::text IS NULL OR country_code = $1)
  WINDOW w AS (PARTITION BY country_code ORDER BY version)`;

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
    ...(row.prev_version !== null && row.prev_published_at !== null
      ? { previous: { version: row.prev_version, publishedAt: new Date(row.prev_published_at) } }
      : {}),
  };
}

export type PublishedAdvisoryVersion = ReturnType<typeof toVersion>;

/** Published versions, newest publication first; optionally one country's; at most `limit`. */
export async function listPublishedAdvisoryVersions(db: Db, opts: { countryCode?: string; limit?: number } = {}): Promise<PublishedAdvisoryVersion[]> {
  const cc = opts.countryCode ? requireCountry(opts.countryCode, 'cc') : null;
  const { rows } = await db.query<VersionRow>(
    `SELECT * FROM (${PUBLISHED_VERSIONS}) v ORDER BY published_at DESC, country_code, version DESC LIMIT $2`,
    [cc, opts.limit ?? 200]);
  return rows.map(toVersion);
}

export interface CapDocument {
  xml: string;
  /** When the document last changed (its publication). */
  lastModified: Date;
}

/** The CAP document of a country's current advisory, or of one published version. */
export async function advisoryCapDocument(db: Db, site: CapSite, countryCode: string, version?: number): Promise<CapDocument> {
  const cc = requireCountry(countryCode, 'cc');
  const { rows } = await db.query<VersionRow>(
    `SELECT * FROM (${PUBLISHED_VERSIONS}) v
      WHERE ($2::int IS NULL AND state = 'published') OR version = $2
      ORDER BY version DESC LIMIT 1`, [cc, version ?? null]);
  const row = rows[0];
  if (!row) throw notFound(version === undefined ? `published advisory for ${cc}` : `published version ${version} of the advisory for ${cc}`);
  const v = toVersion(row);
  return { xml: writeCap(advisoryToCap(v, site)), lastModified: v.publishedAt };
}

export function advisoryFeedEntry(v: PublishedAdvisoryVersion, site: CapSite): FeedEntry {
  const indicators = v.indicators.map((i) => indicatorNames[i as keyof typeof indicatorNames] ?? i);
  return {
    id: `urn:warden:${site.sender.split('@')[1]}:${advisoryIdentifier(v.countryCode, v.version)}`,
    title: advisoryHeadline(v),
    summary: `${v.summary}${indicators.length ? ` Risk indicators: ${indicators.join(', ')}.` : ''}`,
    updated: v.publishedAt,
    published: v.publishedAt,
    link: advisoryPageUrl(site, v.countryCode),
    capLink: advisoryCapUrl(site, v.countryCode, v.version),
    categories: ['Travel advisory', getCountry(v.countryCode)?.name ?? v.countryCode, `Level ${v.level}`],
  };
}
