/**
 * Reads Atom 1.0 and RSS 2.0 feeds of CAP alerts through the same hardened
 * XML front end as single alerts. Atom is checked against the required
 * elements of RFC 4287 (the rules its RELAX NG grammar and Schematron
 * assertions state); RSS against the RSS 2.0 specification. A CAP alert
 * embedded in an Atom entry's <content> is read and checked like any other.
 */
import type { CapAlert } from './cap-types.js';
import { readCapElement } from './cap-reader.js';
import { parseSafeXml, type SafeXmlOptions, type XmlElement } from './safe-xml.js';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
export const CAP_MEDIA_TYPE = 'application/cap+xml';

export interface CapFeedEntry {
  id: string;
  title: string;
  /** Always present in Atom; RSS's pubDate is optional. */
  updated?: Date;
  published?: Date;
  summary?: string;
  /** The human-readable page: Atom rel="alternate" (not CAP-typed), RSS <link>. */
  link?: string;
  /** The CAP document: a link (Atom) or enclosure (RSS) typed application/cap+xml. */
  capLink?: string;
  /** A CAP alert embedded in the entry (Atom <content>), when there is one. */
  alert?: CapAlert;
}

export interface CapFeed {
  format: 'atom' | 'rss';
  /** Atom's feed id; RSS has none. */
  id?: string;
  title: string;
  updated?: Date;
  entries: CapFeedEntry[];
}

export type ReadCapFeedResult = { ok: true; feed: CapFeed; warnings?: string[] } | { ok: false; errors: string[] };

export interface ReadCapFeedOptions extends SafeXmlOptions {
  /**
   * Read other agencies' feeds liberally: a feed without an author, a repeated channel element (two RSS <link>s) are
   * warnings; an untyped link whose address names a CAP file is the entry's CAP link; embedded alerts are read
   * liberally (see ReadCapOptions.lenient).
   */
  lenient?: boolean;
}

/** An address that names a CAP document although its link carries no type ("…/alert123.cap", "…/cap/…xml"). */
export function looksLikeCapUrl(href: string): boolean {
  const path = href.split(/[?#]/)[0] ?? '';
  return /\.cap$/i.test(path) || (/\.xml$/i.test(path) && /(^|[/_.-])cap([/_.-]|$)/i.test(path));
}

export function readCapFeed(xml: string | Buffer, opts: ReadCapFeedOptions = {}): ReadCapFeedResult {
  const parsed = parseSafeXml(xml, opts);
  if (!parsed.ok) return parsed;
  const root = parsed.root;
  const reader = new FeedReader(opts.lenient ?? false);
  let feed: CapFeed | undefined;
  if (root.ns === ATOM_NAMESPACE && root.local === 'feed') feed = reader.atomFeed(root);
  else if (root.ns === '' && root.local === 'rss') feed = reader.rssFeed(root);
  else reader.errors.push(`${root.local}: not an Atom <feed> or RSS <rss> document`);
  if (!feed || reader.errors.length) return { ok: false, errors: reader.errors };
  return opts.lenient ? { ok: true, feed, warnings: reader.warnings } : { ok: true, feed };
}

// RFC 4287 §4.1: children of feed and entry; true = at most once, false = may repeat.
const ATOM_FEED_CHILDREN = spec('generator icon id logo rights subtitle title updated', 'author category contributor link entry');
const ATOM_ENTRY_CHILDREN = spec('content id published rights source summary title updated', 'author category contributor link');
// RSS 2.0 specification: channel and item elements (extensions live in other namespaces).
const RSS_CHANNEL_CHILDREN = spec(
  'title link description language copyright managingEditor webMaster pubDate lastBuildDate generator docs cloud ttl image rating textInput skipHours skipDays',
  'category item',
);
const RSS_ITEM_CHILDREN = spec('title link description author comments enclosure guid pubDate source', 'category');

function spec(single: string, repeated: string): Map<string, boolean> {
  const entries = [...single.split(' ').map((n) => [n, true] as const), ...repeated.split(' ').map((n) => [n, false] as const)];
  return new Map(entries);
}

const RFC3339 = /^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/;

class FeedReader {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  constructor(private readonly lenient = false) {}

  /** A departure from the format a liberal reading lives with: a warning when lenient, else an error. */
  private tolerable(message: string): void {
    (this.lenient ? this.warnings : this.errors).push(message);
  }

  /** The CAP document of an entry: a link typed application/cap+xml, or (lenient) an untyped link to a CAP file. */
  private capHref(links: readonly XmlElement[], attr: 'href' | 'url'): string | undefined {
    const typed = links.find((l) => l.attrs.type === CAP_MEDIA_TYPE)?.attrs[attr];
    if (typed || !this.lenient) return typed;
    return links.find((l) => !l.attrs.type && looksLikeCapUrl(l.attrs[attr] ?? ''))?.attrs[attr];
  }

  atomFeed(feed: XmlElement): CapFeed {
    const path = 'feed';
    this.checkChildren(feed, path, ATOM_NAMESPACE, ATOM_FEED_CHILDREN);
    this.checkLinks(feed, path);
    const entryElements = this.children(feed, ATOM_NAMESPACE, 'entry');
    const everyEntryHasAuthor = entryElements.every((e) => this.children(e, ATOM_NAMESPACE, 'author').length > 0);
    if (this.children(feed, ATOM_NAMESPACE, 'author').length === 0 && !everyEntryHasAuthor) {
      this.tolerable(`${path}/author: required element missing (a feed needs an author unless every entry has one)`);
    }
    return withoutUndefined({
      format: 'atom' as const,
      id: this.requiredText(feed, path, ATOM_NAMESPACE, 'id'),
      title: this.atomText(feed, path, 'title', true) ?? '',
      updated: this.atomDate(feed, path, 'updated', true),
      entries: entryElements.map((e, i) => this.atomEntry(e, `${path}/entry[${i + 1}]`)),
    });
  }

  private atomEntry(entry: XmlElement, path: string): CapFeedEntry {
    this.checkChildren(entry, path, ATOM_NAMESPACE, ATOM_ENTRY_CHILDREN);
    const links = this.checkLinks(entry, path);
    const content = this.children(entry, ATOM_NAMESPACE, 'content')[0];
    const capLink = this.capHref(links, 'href');
    const alternate = links.find((l) => (l.attrs.rel ?? 'alternate') === 'alternate' && l.attrs.type !== CAP_MEDIA_TYPE && l.attrs.href !== capLink);
    const hasAlternate = links.some((l) => (l.attrs.rel ?? 'alternate') === 'alternate');
    if (!content && !hasAlternate) {
      this.errors.push(`${path}/link: required element missing (an entry without content needs a link with rel="alternate")`);
    }
    return withoutUndefined({
      id: this.requiredText(entry, path, ATOM_NAMESPACE, 'id'),
      title: this.atomText(entry, path, 'title', true) ?? '',
      updated: this.atomDate(entry, path, 'updated', true),
      published: this.atomDate(entry, path, 'published', false),
      summary: this.atomText(entry, path, 'summary', false),
      link: alternate?.attrs.href,
      capLink,
      alert: content ? this.embeddedAlert(content, `${path}/content`) : undefined,
    });
  }

  private embeddedAlert(content: XmlElement, path: string): CapAlert | undefined {
    const alertElement = content.children.find((c) => c.local === 'alert');
    if (!alertElement) return undefined;
    const result = readCapElement(alertElement, path, { lenient: this.lenient });
    if (result.ok) {
      this.warnings.push(...(result.warnings ?? []));
      return result.alert;
    }
    this.errors.push(...result.errors);
    return undefined;
  }

  private checkLinks(el: XmlElement, path: string): XmlElement[] {
    const links = this.children(el, ATOM_NAMESPACE, 'link');
    links.forEach((link, i) => {
      if (!link.attrs.href) this.errors.push(`${path}/link[${i + 1}]/@href: required attribute missing`);
    });
    return links;
  }

  /** An Atom text construct; XHTML content is reduced to its text. */
  private atomText(el: XmlElement, path: string, name: string, required: boolean): string | undefined {
    const found = this.children(el, ATOM_NAMESPACE, name)[0];
    if (!found) {
      if (required) this.errors.push(`${path}/${name}: required element missing`);
      return undefined;
    }
    return (found.attrs.type === 'xhtml' ? textContent(found) : found.text).trim();
  }

  private atomDate(el: XmlElement, path: string, name: string, required: boolean): Date | undefined {
    const text = required ? this.requiredText(el, path, ATOM_NAMESPACE, name) : this.children(el, ATOM_NAMESPACE, name)[0]?.text.trim();
    if (!text) return undefined;
    const date = RFC3339.test(text) ? new Date(text) : undefined;
    if (!date || Number.isNaN(date.getTime())) {
      this.errors.push(`${path}/${name}: "${text}" is not an RFC 3339 date-time`);
      return undefined;
    }
    return date;
  }

  rssFeed(rss: XmlElement): CapFeed {
    if (rss.attrs.version !== '2.0') this.errors.push(`rss/@version: "${rss.attrs.version ?? ''}" is not 2.0`);
    const channels = this.children(rss, '', 'channel');
    if (channels.length !== 1) {
      this.errors.push(`rss/channel: expected exactly one channel, found ${channels.length}`);
      return { format: 'rss', title: '', entries: [] };
    }
    const channel = channels[0]!;
    const path = 'rss/channel';
    this.checkChildren(channel, path, '', RSS_CHANNEL_CHILDREN);
    const title = this.requiredText(channel, path, '', 'title');
    this.requiredText(channel, path, '', 'link');
    this.requiredElement(channel, path, '', 'description');
    return withoutUndefined({
      format: 'rss' as const,
      title,
      updated: this.rssDate(channel, path, 'lastBuildDate') ?? this.rssDate(channel, path, 'pubDate'),
      entries: this.children(channel, '', 'item').map((item, i) => this.rssItem(item, `${path}/item[${i + 1}]`)),
    });
  }

  private rssItem(item: XmlElement, path: string): CapFeedEntry {
    this.checkChildren(item, path, '', RSS_ITEM_CHILDREN);
    const text = (name: string) => this.children(item, '', name)[0]?.text.trim() || undefined;
    const title = text('title');
    const description = text('description');
    if (title === undefined && description === undefined) {
      this.errors.push(`${path}/title: required element missing (an item needs a title or a description)`);
    }
    const link = text('link');
    const id = text('guid') ?? link;
    if (id === undefined) this.errors.push(`${path}/guid: required element missing (an item needs a guid or a link to identify it)`);
    const capEnclosure = this.capHref(this.children(item, '', 'enclosure'), 'url')
      ?? (this.lenient && link && looksLikeCapUrl(link) ? link : undefined);
    return withoutUndefined({
      id: id ?? '',
      title: title ?? '',
      updated: this.rssDate(item, path, 'pubDate'),
      summary: description,
      link,
      capLink: capEnclosure,
    });
  }

  /** RSS dates are RFC 822 ("Mon, 30 Aug 2010 10:07:00 GMT"), which Date.parse reads. */
  private rssDate(el: XmlElement, path: string, name: string): Date | undefined {
    const text = this.children(el, '', name)[0]?.text.trim();
    if (!text) return undefined;
    const date = new Date(text);
    if (Number.isNaN(date.getTime()) || !/^(\w{3}, )?\d{1,2} \w{3} \d{2,4} /.test(text)) {
      this.errors.push(`${path}/${name}: "${text}" is not an RFC 822 date-time`);
      return undefined;
    }
    return date;
  }

  private requiredText(el: XmlElement, path: string, ns: string, name: string): string {
    const found = this.requiredElement(el, path, ns, name);
    const text = found?.text.trim() ?? '';
    if (found && text === '') this.errors.push(`${path}/${name}: must not be empty`);
    return text;
  }

  private requiredElement(el: XmlElement, path: string, ns: string, name: string): XmlElement | undefined {
    const found = this.children(el, ns, name)[0];
    if (!found) this.errors.push(`${path}/${name}: required element missing`);
    return found;
  }

  private children(el: XmlElement, ns: string, name: string): XmlElement[] {
    return el.children.filter((c) => c.ns === ns && c.local === name);
  }

  /** Unknown elements in the format's own namespace are errors; other namespaces are extensions. */
  private checkChildren(el: XmlElement, path: string, ns: string, allowed: Map<string, boolean>): void {
    const counts = new Map<string, number>();
    for (const child of el.children) {
      if (child.ns !== ns) continue;
      if (!allowed.has(child.local)) this.errors.push(`${path}/${child.local}: unexpected element`);
      counts.set(child.local, (counts.get(child.local) ?? 0) + 1);
    }
    for (const [name, count] of counts) {
      if (count > 1 && allowed.get(name) === true) this.tolerable(`${path}/${name}: appears ${count} times; at most once is allowed`);
    }
  }
}

function textContent(el: XmlElement): string {
  return el.text + el.children.map(textContent).join('');
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
