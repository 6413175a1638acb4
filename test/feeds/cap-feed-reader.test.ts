import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readCapFeed, type CapFeed, type ReadCapFeedResult } from '../../src/feeds/cap-feed-reader.js';
import { CAP_TESTDATA_DIR, testdata } from './fixtures.js';

function feedOk(result: ReadCapFeedResult): CapFeed {
  assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  return result.feed;
}

function feedErrors(result: ReadCapFeedResult): string[] {
  assert.equal(result.ok, false, 'expected the feed to be refused');
  return result.ok ? [] : result.errors;
}

/** Every .atom file in the shared test data and what reading it must give. */
const ATOM_FILES: Record<string, (result: ReadCapFeedResult) => void> = {
  'earthquake_index.atom': (result) => {
    const feed = feedOk(result);
    assert.deepEqual([feed.format, feed.id, feed.title], ['atom', 'http://earthquake.usgs.gov/', 'USGS M5+ Earthquakes']);
    assert.equal(feed.updated?.toISOString(), '2010-08-31T00:48:10.000Z');
    assert.equal(feed.entries.length, 1);
    const entry = feed.entries[0]!;
    assert.equal(entry.id, 'urn:earthquake-usgs-gov:us:2010apcd');
    assert.equal(entry.title, 'M 5.3, Tonga');
    assert.equal(entry.updated?.toISOString(), '2010-08-30T23:25:40.000Z');
    assert.equal(entry.link, 'http://earthquake.usgs.gov/earthquakes/recenteqsww/Quakes/us2010apcd.php');
    assert.equal(entry.capLink, 'http://earthquake.usgs.gov/earthquakes/catalogs/cap/us2010apcd');
    assert.equal(entry.alert, undefined);
  },
  'weather.atom': (result) => {
    const feed = feedOk(result);
    assert.equal(feed.id, 'http://www.weather.gov/alerts-beta/');
    const entry = feed.entries[0]!;
    assert.equal(entry.id, 'http://www.weather.gov/alerts-beta/wwacapget.php?x=DC20120829202900LWXAirQualityAlertLWX20120831040000DC');
    assert.equal(entry.updated?.toISOString(), '2012-08-29T20:29:00.000Z');
    assert.equal(entry.published?.toISOString(), '2012-08-29T20:29:00.000Z');
    assert.equal(entry.link, entry.id, 'NWS links each entry to its CAP document without a type');
    assert.equal(entry.capLink, undefined);
    assert.equal(entry.alert?.identifier, 'NOAA-NWS-ALERTS-MT20120830100700TFXFlashFloodWatchTFX20120830180000MT');
    assert.equal(entry.alert?.infos[0]?.event, 'Flash Flood Watch');
  },
  'no_id.atom': (result) => {
    assert.deepEqual(feedErrors(result), ['feed/id: required element missing', 'feed/entry[1]/id: required element missing']);
  },
  'no_link.atom': (result) => {
    assert.deepEqual(feedErrors(result), [
      'feed/entry[1]/link: required element missing (an entry without content needs a link with rel="alternate")',
    ]);
  },
  'no_title.atom': (result) => {
    assert.deepEqual(feedErrors(result), ['feed/entry[1]/title: required element missing']);
  },
  // RFC 4287 also requires an author on the feed or on every entry; this file has neither.
  'invalid_element.atom': (result) => {
    assert.deepEqual(feedErrors(result), [
      'feed/foo: unexpected element',
      'feed/author: required element missing (a feed needs an author unless every entry has one)',
    ]);
  },
  'weather_invalid.atom': (result) => {
    assert.deepEqual(feedErrors(result), [
      'feed/entry[1]/content/alert/identifier: "INVALID," must not contain spaces, commas, "<" or "&"',
    ]);
  },
  'xee.atom': (result) => {
    assert.deepEqual(feedErrors(result), [
      'document: DOCTYPE declarations are not allowed (no DTDs, external entities or entity expansion)',
    ]);
    assert.doesNotMatch(JSON.stringify(result), /root:|weather\.gov/);
  },
};

describe('readCapFeed on the shared Atom test data', () => {
  it('has an expectation for every .atom file', () => {
    const files = readdirSync(CAP_TESTDATA_DIR).filter((f) => f.endsWith('.atom')).sort();
    assert.deepEqual(files, Object.keys(ATOM_FILES).sort());
  });

  for (const [name, expect] of Object.entries(ATOM_FILES)) {
    it(name, () => expect(readCapFeed(testdata(name))));
  }
});

describe('readCapFeed on RSS 2.0', () => {
  const rss = (items: string) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Alerts</title><link>https://warden.example/</link><description>CAP alerts</description>${items}</channel></rss>`;

  it('reads an item with a CAP enclosure', () => {
    const feed = feedOk(readCapFeed(rss(
      '<item><title>Depart Iraq</title><link>https://warden.example/a/1</link><guid isPermaLink="false">urn:warden:1</guid>' +
        '<pubDate>Fri, 03 Jan 2020 06:15:00 GMT</pubDate><enclosure url="https://warden.example/a/1.cap" type="application/cap+xml" length="0"/></item>',
    )));
    assert.equal(feed.format, 'rss');
    assert.deepEqual(feed.entries, [
      {
        id: 'urn:warden:1',
        title: 'Depart Iraq',
        updated: new Date('2020-01-03T06:15:00Z'),
        link: 'https://warden.example/a/1',
        capLink: 'https://warden.example/a/1.cap',
      },
    ]);
  });

  it('refuses an item with neither title nor description, nor guid nor link', () => {
    assert.deepEqual(feedErrors(readCapFeed(rss('<item><pubDate>Fri, 03 Jan 2020 06:15:00 GMT</pubDate></item>'))), [
      'rss/channel/item[1]/title: required element missing (an item needs a title or a description)',
      'rss/channel/item[1]/guid: required element missing (an item needs a guid or a link to identify it)',
    ]);
  });

  it('refuses a channel without a title and a date that is not RFC 822', () => {
    const doc = rss('<item><title>x</title><guid>g</guid><pubDate>2020-01-03</pubDate></item>').replace('<title>Alerts</title>', '');
    assert.deepEqual(feedErrors(readCapFeed(doc)), [
      'rss/channel/title: required element missing',
      'rss/channel/item[1]/pubDate: "2020-01-03" is not an RFC 822 date-time',
    ]);
  });
});
