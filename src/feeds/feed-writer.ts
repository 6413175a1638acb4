/**
 * Atom 1.0 and RSS 2.0 feeds of Warden's alerts, in the shape CAP feeds use:
 * one entry per alert, linking to its web page and to the full CAP document.
 *
 * Both are built with xmlbuilder2 rather than the `feed` package (which is therefore not a
 * dependency). feed 6.0.0 can write enclosure lengths and category schemes, but not these:
 * - Atom: `feed` writes an entry's link without rel or type (enclosure types
 *   it derives from the URL's file extension), so it cannot say
 *   rel="alternate" type="application/cap+xml"; patching its output string
 *   would be fragile.
 * - RSS: `feed` wraps titles and descriptions in CDATA and escapes only the
 *   first "]]>" in each, so a text with two of them breaks out of the CDATA
 *   and can inject elements into the feed. Alert text comes partly from
 *   intake, so that is not acceptable; xmlbuilder2 escapes text properly.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { ATOM_NAMESPACE, CAP_MEDIA_TYPE } from './cap-feed-reader.js';

export { conditionalGet } from './conditional-get.js';
export type { CacheValidators, ConditionalGetResult, RequestHeaders } from './conditional-get.js';

export interface FeedMeta {
  /** A permanent IRI for the feed (Atom <id>), e.g. its canonical URL or a tag: URI. */
  id: string;
  title: string;
  subtitle?: string;
  updated: Date;
  /** The human-readable page the feed mirrors. */
  link: string;
  /** The feed's own URL (Atom rel="self", RSS atom:link). */
  selfLink: string;
  author: { name: string; email?: string; uri?: string };
  /** Language tag of the feed's text, e.g. "en" or "fr-CA". */
  language?: string;
  rights?: string;
}

export interface FeedEntry {
  id: string;
  title: string;
  summary: string;
  updated: Date;
  published?: Date;
  /** The alert's web page (text/html). */
  link: string;
  /** The alert as CAP XML (application/cap+xml). */
  capLink: string;
  /** Plain terms, or terms with the IRI of their scheme (Atom scheme=, RSS domain=) and a readable label. */
  categories?: (string | FeedCategory)[];
  /** Size in bytes of the CAP document (RSS enclosure length); unknown when absent. */
  capLength?: number;
}

export interface FeedCategory {
  term: string;
  scheme: string;
  label?: string;
}

/** Schemes of the categories Warden's feeds carry. */
export const CATEGORY_SCHEMES = {
  /** CAP 1.2 <category> values (Safety, Security, …). */
  cap: 'urn:oasis:names:tc:emergency:cap:1.2#category',
  /** ISO 3166-1 alpha-2 country codes. */
  country: 'urn:iso:std:iso:3166:-1:alpha-2',
} as const;

function asCategory(c: string | FeedCategory): { term: string; scheme?: string; label?: string } {
  return typeof c === 'string' ? { term: c } : c;
}

const GENERATOR = 'Warden';

export function buildAtom(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  const feed = doc.ele(ATOM_NAMESPACE, 'feed');
  if (meta.language) feed.att('xml:lang', meta.language);
  feed.ele('id').txt(meta.id);
  feed.ele('title').txt(meta.title);
  if (meta.subtitle) feed.ele('subtitle').txt(meta.subtitle);
  feed.ele('updated').txt(atomDate(meta.updated));
  writeAuthor(feed.ele('author'), meta.author);
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: meta.selfLink });
  feed.ele('link', { rel: 'alternate', type: 'text/html', href: meta.link });
  if (meta.rights) feed.ele('rights').txt(meta.rights);
  feed.ele('generator').txt(GENERATOR);
  for (const entry of entries) writeAtomEntry(feed.ele('entry'), entry);
  return doc.end({ prettyPrint: true });
}

function writeAuthor(el: XMLBuilder, author: FeedMeta['author']): void {
  el.ele('name').txt(author.name);
  if (author.email) el.ele('email').txt(author.email);
  if (author.uri) el.ele('uri').txt(author.uri);
}

function writeAtomEntry(el: XMLBuilder, entry: FeedEntry): void {
  el.ele('id').txt(entry.id);
  el.ele('title').txt(entry.title);
  el.ele('updated').txt(atomDate(entry.updated));
  if (entry.published) el.ele('published').txt(atomDate(entry.published));
  el.ele('summary').txt(entry.summary);
  for (const c of (entry.categories ?? []).map(asCategory)) {
    el.ele('category', { term: c.term, ...(c.scheme ? { scheme: c.scheme } : {}), ...(c.label ? { label: c.label } : {}) });
  }
  // The HTML link comes first: feed readers that take one link take the first alternate.
  el.ele('link', { rel: 'alternate', type: 'text/html', href: entry.link });
  el.ele('link', { rel: 'alternate', type: CAP_MEDIA_TYPE, href: entry.capLink });
}

/** RFC 3339 in UTC, whole seconds. */
function atomDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function buildRss(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  const rss = doc.ele('rss', { version: '2.0', 'xmlns:atom': ATOM_NAMESPACE });
  const channel = rss.ele('channel');
  channel.ele('title').txt(meta.title);
  channel.ele('link').txt(meta.link);
  channel.ele('description').txt(meta.subtitle ?? meta.title);
  if (meta.language) channel.ele('language').txt(meta.language);
  if (meta.rights) channel.ele('copyright').txt(meta.rights);
  channel.ele('lastBuildDate').txt(meta.updated.toUTCString());
  channel.ele('generator').txt(GENERATOR);
  channel.ele(ATOM_NAMESPACE, 'atom:link', { rel: 'self', type: 'application/rss+xml', href: meta.selfLink });
  for (const entry of entries) writeRssItem(channel.ele('item'), entry);
  return doc.end({ prettyPrint: true });
}

function writeRssItem(el: XMLBuilder, entry: FeedEntry): void {
  el.ele('title').txt(entry.title);
  el.ele('link').txt(entry.link);
  el.ele('description').txt(entry.summary);
  el.ele('guid', { isPermaLink: 'false' }).txt(entry.id);
  el.ele('pubDate').txt((entry.published ?? entry.updated).toUTCString());
  for (const c of (entry.categories ?? []).map(asCategory)) el.ele('category', c.scheme ? { domain: c.scheme } : {}).txt(c.term);
  // RSS requires an enclosure length in bytes; 0 is the customary "unknown".
  el.ele('enclosure', { url: entry.capLink, type: CAP_MEDIA_TYPE, length: String(entry.capLength ?? 0) });
}
