import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';
import { buildAtom, buildRss, conditionalGet, type FeedEntry, type FeedMeta } from '../../src/feeds/feed-writer.js';
import { readCapFeed } from '../../src/feeds/cap-feed-reader.js';

const META: FeedMeta = {
  id: 'https://warden.example/feeds/alerts.atom',
  title: 'Warden alerts',
  subtitle: 'Security alerts & travel advisory changes',
  updated: new Date('2020-01-03T09:00:00Z'),
  link: 'https://warden.example/alerts',
  selfLink: 'https://warden.example/feeds/alerts.atom',
  author: { name: 'Warden consular service', email: 'consular@warden.example' },
  language: 'en',
};

const ENTRIES: FeedEntry[] = [
  {
    id: 'https://warden.example/alerts/2020-0002',
    title: 'Iraq: depart immediately <update>',
    summary: 'Depart Iraq immediately. Do not approach the Embassy.',
    updated: new Date('2020-01-03T09:00:00Z'),
    published: new Date('2020-01-03T06:15:00Z'),
    link: 'https://warden.example/alerts/2020-0002',
    capLink: 'https://warden.example/alerts/2020-0002.cap',
    categories: ['Security', 'IQ'],
  },
  {
    id: 'https://warden.example/alerts/2020-0003',
    title: 'Lebanon: exercise increased caution',
    summary: 'Level 2 advisory.',
    updated: new Date('2020-01-02T12:00:00Z'),
    link: 'https://warden.example/alerts/2020-0003',
    capLink: 'https://warden.example/alerts/2020-0003.cap',
  },
];

describe('buildAtom', () => {
  const xml = buildAtom(META, ENTRIES);

  it('passes the RFC 4287 structural checks of readCapFeed and reads back the entries', () => {
    const result = readCapFeed(xml);
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    assert.equal(result.feed.id, META.id);
    assert.equal(result.feed.updated?.getTime(), META.updated.getTime());
    assert.deepEqual(result.feed.entries, [
      {
        id: ENTRIES[0]!.id,
        title: ENTRIES[0]!.title,
        updated: ENTRIES[0]!.updated,
        published: ENTRIES[0]!.published,
        summary: ENTRIES[0]!.summary,
        link: ENTRIES[0]!.link,
        capLink: ENTRIES[0]!.capLink,
      },
      {
        id: ENTRIES[1]!.id,
        title: ENTRIES[1]!.title,
        updated: ENTRIES[1]!.updated,
        summary: ENTRIES[1]!.summary,
        link: ENTRIES[1]!.link,
        capLink: ENTRIES[1]!.capLink,
      },
    ]);
  });

  it('links each entry to its CAP document as rel="alternate" type="application/cap+xml"', () => {
    assert.match(xml, /<link rel="alternate" type="application\/cap\+xml" href="https:\/\/warden\.example\/alerts\/2020-0002\.cap"\/>/);
    assert.match(xml, /<link rel="self" type="application\/atom\+xml" href="https:\/\/warden\.example\/feeds\/alerts\.atom"\/>/);
  });

  it('parses back with rss-parser', async () => {
    const parsed = await new Parser().parseString(xml);
    assert.equal(parsed.title, META.title);
    assert.equal(parsed.link, META.link);
    assert.equal(parsed.items.length, 2);
    const item = parsed.items[0]!;
    assert.equal(item.title, ENTRIES[0]!.title);
    assert.equal(item.link, ENTRIES[0]!.link, 'the HTML page is the first alternate link');
    assert.equal(item.id, ENTRIES[0]!.id);
    assert.equal(item.isoDate, '2020-01-03T06:15:00.000Z');
  });

  it('writes categories as Atom category terms', () => {
    assert.match(xml, /<category term="Security"\/>\s*<category term="IQ"\/>/);
  });
});

describe('buildRss', () => {
  const xml = buildRss({ ...META, selfLink: 'https://warden.example/feeds/alerts.rss' }, ENTRIES);

  it('parses back with rss-parser, with the CAP document as a typed enclosure', async () => {
    const parsed = await new Parser().parseString(xml);
    assert.equal(parsed.title, META.title);
    assert.equal(parsed.items.length, 2);
    const item = parsed.items[0]!;
    assert.equal(item.title, ENTRIES[0]!.title);
    assert.equal(item.link, ENTRIES[0]!.link);
    assert.equal(item.guid, ENTRIES[0]!.id);
    assert.deepEqual({ ...item.enclosure }, { url: ENTRIES[0]!.capLink, type: 'application/cap+xml', length: '0' });
  });

  it('passes the RSS 2.0 structural checks of readCapFeed', () => {
    const result = readCapFeed(xml);
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    assert.deepEqual(
      result.feed.entries.map((e) => [e.id, e.capLink]),
      ENTRIES.map((e) => [e.id, e.capLink]),
    );
  });
});

describe('conditionalGet', () => {
  const validators = { etag: 'v42', lastModified: new Date('2020-01-03T09:00:00.700Z') };
  const sentHeaders = { ETag: '"v42"', 'Last-Modified': 'Fri, 03 Jan 2020 09:00:00 GMT' };

  it('answers 200 with ETag and Last-Modified when the request is unconditional', () => {
    assert.deepEqual(conditionalGet({}, validators), { status: 200, headers: sentHeaders });
  });

  it('answers 304 when If-None-Match lists the current entity tag (weak comparison)', () => {
    assert.equal(conditionalGet({ 'if-none-match': '"v41", W/"v42"' }, validators).status, 304);
    assert.equal(conditionalGet({ 'If-None-Match': '*' }, validators).status, 304);
    assert.deepEqual(conditionalGet({ 'if-none-match': '"v42"' }, validators).headers, sentHeaders);
  });

  it('answers 200 when If-None-Match does not match, even if If-Modified-Since would', () => {
    const headers = { 'if-none-match': '"v41"', 'if-modified-since': 'Sat, 04 Jan 2020 00:00:00 GMT' };
    assert.equal(conditionalGet(headers, validators).status, 200);
  });

  it('compares If-Modified-Since at whole seconds', () => {
    assert.equal(conditionalGet({ 'if-modified-since': 'Fri, 03 Jan 2020 09:00:00 GMT' }, validators).status, 304);
    assert.equal(conditionalGet({ 'if-modified-since': 'Fri, 03 Jan 2020 08:59:59 GMT' }, validators).status, 200);
  });

  it('ignores an If-Modified-Since that is not a date', () => {
    assert.equal(conditionalGet({ 'if-modified-since': 'yesterday-ish' }, validators).status, 200);
  });
});

describe('feed text cannot inject markup', () => {
  // Two "]]>" defeat writers that escape only the first one inside CDATA.
  const hostile = 'x ]]> y ]]><link>https://evil.example/</link><![CDATA[ z';
  const entries: FeedEntry[] = [{ ...ENTRIES[0]!, title: hostile, summary: hostile }];

  for (const [format, build] of [['Atom', buildAtom], ['RSS', buildRss]] as const) {
    it(`keeps hostile text as text in ${format}`, () => {
      const result = readCapFeed(build(META, entries));
      assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
      assert.equal(result.feed.entries[0]!.title, hostile);
      assert.equal(result.feed.entries[0]!.summary, hostile);
      assert.equal(result.feed.entries[0]!.link, ENTRIES[0]!.link);
    });
  }
});
