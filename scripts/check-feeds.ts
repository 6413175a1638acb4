/**
 * Conformance check of a running Warden's public feeds:
 *
 *   npm run check:feeds -- http://127.0.0.1:8080
 *
 * Fetches the Atom and RSS feeds (all advisories, all alerts, and one per country that has an
 * advisory, found through /api/public/advisories), reads Atom with Warden's hardened CAP-feeds
 * reader and RSS with rss-parser, then fetches every CAP document they link to (once each) and
 * validates it, with the CAP document of every advisory and alert the public JSON lists, against the
 * OASIS CAP 1.2 schema (WARDEN_CAP_XSD or the copy shipped in src/feeds/schema/cap12.xsd).
 * Also checks that each feed answers its own ETag with 304.
 * Prints one line per problem, a human summary, and as the LAST line one JSON object:
 *   {"ok":true,"feeds":…,"entries":…,"capDocuments":…,"capValid":…,"errors":[…]}
 * Exit status 0 when everything is valid, 1 otherwise, 2 when the server cannot be reached.
 */
import Parser from 'rss-parser';
import { readCapFeed } from '../src/feeds/cap-feed-reader.js';
import { validateCapXml } from '../src/feeds/cap-validate.js';

interface Summary {
  ok: boolean;
  base: string;
  feeds: number;
  entries: number;
  capDocuments: number;
  capValid: number;
  notModified: number;
  errors: string[];
}

const MAX_COUNTRY_FEEDS = 50;
const TIMEOUT_MS = 15_000;

async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
}

async function main(): Promise<number> {
  const arg = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? process.env.WARDEN_URL ?? 'http://127.0.0.1:8080';
  const base = arg.replace(/\/$/, '');
  const summary: Summary = { ok: false, base, feeds: 0, entries: 0, capDocuments: 0, capValid: 0, notModified: 0, errors: [] };
  const fail = (message: string) => {
    summary.errors.push(message);
    console.log(`FAIL ${message}`);
  };

  const feedPaths = ['/feeds/advisories.atom', '/feeds/advisories.rss', '/feeds/alerts.atom', '/feeds/alerts.rss'];
  const capLinks = new Map<string, string>(); // CAP URL → the feed (or public list) that linked it first
  try {
    const res = await get(`${base}/api/public/advisories`);
    if (!res.ok) fail(`/api/public/advisories answered ${res.status}`);
    else {
      const body = (await res.json()) as { items?: { countryCode: string; links?: { cap?: string } }[] };
      for (const item of (body.items ?? []).slice(0, MAX_COUNTRY_FEEDS)) {
        feedPaths.push(`/feeds/countries/${item.countryCode}.atom`, `/feeds/countries/${item.countryCode}.rss`);
      }
      // Every published advisory's and alert's CAP document, also those the feeds no longer list (past their
      // review period or expiry, as the demo's records of January 2020 are).
      for (const item of body.items ?? []) if (item.links?.cap) capLinks.set(item.links.cap, '/api/public/advisories');
    }
    const alerts = await get(`${base}/api/public/alerts`);
    if (!alerts.ok) fail(`/api/public/alerts answered ${alerts.status}`);
    else for (const item of ((await alerts.json()) as { items?: { links?: { cap?: string } }[] }).items ?? []) if (item.links?.cap) capLinks.set(item.links.cap, '/api/public/alerts');
  } catch (error) {
    const reason = `cannot reach ${base}: ${(error as Error).message}`;
    console.log(`FAIL ${reason}`);
    console.log(JSON.stringify({ ...summary, errors: [reason] }));
    return 2;
  }

  const rss = new Parser();
  for (const path of feedPaths) {
    const url = `${base}${path}`;
    let res: Response;
    try {
      res = await get(url);
    } catch (error) {
      fail(`${path}: ${(error as Error).message}`);
      continue;
    }
    if (res.status !== 200) {
      fail(`${path}: HTTP ${res.status}`);
      continue;
    }
    summary.feeds += 1;
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const isAtom = path.endsWith('.atom');
    if (!type.startsWith(isAtom ? 'application/atom+xml' : 'application/rss+xml')) fail(`${path}: content-type ${type}`);
    if (isAtom) {
      const read = readCapFeed(text);
      if (!read.ok) {
        fail(`${path}: ${read.errors.join('; ')}`);
        continue;
      }
      summary.entries += read.feed.entries.length;
      for (const entry of read.feed.entries) {
        if (!entry.capLink) fail(`${path}: entry ${entry.id} has no application/cap+xml link`);
        else if (!capLinks.has(entry.capLink)) capLinks.set(entry.capLink, path);
      }
    } else {
      try {
        const parsed = await rss.parseString(text);
        summary.entries += parsed.items.length;
        for (const item of parsed.items) {
          const enclosure = item.enclosure;
          if (!enclosure?.url || enclosure.type !== 'application/cap+xml') fail(`${path}: item ${item.guid ?? item.title} has no CAP enclosure`);
          else if (!capLinks.has(enclosure.url)) capLinks.set(enclosure.url, path);
        }
      } catch (error) {
        fail(`${path}: rss-parser: ${(error as Error).message}`);
        continue;
      }
    }
    const etag = res.headers.get('etag');
    if (!etag) fail(`${path}: no ETag`);
    else {
      const again = await get(url, { 'if-none-match': etag });
      if (again.status === 304) summary.notModified += 1;
      else fail(`${path}: If-None-Match with its own ETag answered ${again.status}, not 304`);
    }
  }

  for (const [capUrl, from] of capLinks) {
    summary.capDocuments += 1;
    try {
      const res = await get(capUrl);
      if (res.status !== 200) {
        fail(`${capUrl} (from ${from}): HTTP ${res.status}`);
        continue;
      }
      const type = res.headers.get('content-type') ?? '';
      if (!type.startsWith('application/cap+xml')) fail(`${capUrl}: content-type ${type}`);
      const verdict = await validateCapXml(await res.text());
      if (verdict.valid) summary.capValid += 1;
      else fail(`${capUrl}: ${verdict.errors.join('; ')}`);
    } catch (error) {
      fail(`${capUrl}: ${(error as Error).message}`);
    }
  }

  summary.ok = summary.errors.length === 0;
  console.log(`${summary.feeds} feeds, ${summary.entries} entries, ${summary.capValid}/${summary.capDocuments} CAP documents valid against CAP 1.2, ` +
    `${summary.notModified} answered 304, ${summary.errors.length} problem(s)`);
  console.log(JSON.stringify(summary));
  return summary.ok ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.log(JSON.stringify({ ok: false, errors: [String((error as Error)?.message ?? error)] }));
  process.exitCode = 1;
});
