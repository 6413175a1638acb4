import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { capDateTime, CapWriteError, isoGeocode, writeCap } from '../../src/feeds/cap-writer.js';
import { readCap } from '../../src/feeds/cap-reader.js';
import { validateCapXml } from '../../src/feeds/cap-validate.js';
import type { CapAlert } from '../../src/feeds/cap-types.js';
import { SAMPLE_ALERT, SAMPLE_CANCEL, SAMPLE_UPDATE } from './fixtures.js';

describe('capDateTime', () => {
  it('writes UTC with a +00:00 offset, never Z, in whole seconds', () => {
    assert.equal(capDateTime(new Date('2020-01-03T06:15:42.987Z')), '2020-01-03T06:15:42+00:00');
  });

  it('refuses an invalid date', () => {
    assert.throws(() => capDateTime(new Date('nope')), RangeError);
  });
});

describe('isoGeocode', () => {
  it('picks ISO3166-1 for a country and ISO3166-2 for a subdivision', () => {
    assert.deepEqual(isoGeocode('IQ'), { valueName: 'ISO3166-1', value: 'IQ' });
    assert.deepEqual(isoGeocode('IQ-BG'), { valueName: 'ISO3166-2', value: 'IQ-BG' });
    assert.throws(() => isoGeocode('Iraq'), RangeError);
  });
});

describe('writeCap', () => {
  for (const alert of [SAMPLE_ALERT, SAMPLE_UPDATE, SAMPLE_CANCEL]) {
    it(`writes a ${alert.msgType} that the OASIS CAP 1.2 schema accepts`, async () => {
      const result = await validateCapXml(writeCap(alert));
      assert.deepEqual(result.errors, []);
      assert.equal(result.valid, true);
    });

    it(`writes a ${alert.msgType} that reads back to the same alert`, () => {
      const read = readCap(writeCap(alert));
      assert.ok(read.ok, read.ok ? '' : read.errors.join('\n'));
      assert.deepEqual(read.alert, alert);
    });
  }

  it('writes the CAP forms of dates, references, polygons, circles and geocodes', () => {
    const xml = writeCap(SAMPLE_CANCEL);
    assert.match(xml, /<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">/);
    assert.match(xml, /<sent>2020-01-05T12:00:00\+00:00<\/sent>/);
    assert.match(
      xml,
      /<references>consular@warden\.example,warden-2020-0001,2020-01-03T06:15:00\+00:00 consular@warden\.example,warden-2020-0002,2020-01-03T09:00:00\+00:00<\/references>/,
    );
    assert.match(xml, /<polygon>33\.27,44\.2 33\.27,44\.26 33\.24,44\.26 33\.24,44\.2 33\.27,44\.2<\/polygon>/);
    assert.match(xml, /<circle>33\.2625,44\.2346 5<\/circle>/);
    assert.match(xml, /<geocode>\s*<valueName>ISO3166-2<\/valueName>\s*<value>IQ-BG<\/value>\s*<\/geocode>/);
    assert.doesNotMatch(xml, /\d\dZ</);
  });

  it('escapes markup characters in text', () => {
    const xml = writeCap(SAMPLE_ALERT);
    assert.match(xml, /Iraq &amp; the region; rockets struck near the airport &lt;BIAP&gt;\./);
  });

  it('writes the two language blocks in order', () => {
    const xml = writeCap(SAMPLE_ALERT);
    const languages = [...xml.matchAll(/<language>([^<]+)<\/language>/g)].map((m) => m[1]);
    assert.deepEqual(languages, ['en-GB', 'fr-FR']);
  });

  it('follows the schema element order inside alert, info and area', () => {
    const xml = writeCap(SAMPLE_UPDATE);
    const order = (names: string[]) => names.map((n) => xml.indexOf(`<${n}>`));
    const isIncreasing = (xs: number[]) => xs.every((x, i) => x >= 0 && (i === 0 || x > xs[i - 1]!));
    assert.ok(isIncreasing(order(['identifier', 'sender', 'sent', 'status', 'msgType', 'scope', 'note', 'references', 'incidents', 'info'])));
    assert.ok(isIncreasing(order(['language', 'category', 'event', 'responseType', 'urgency', 'severity', 'certainty', 'effective', 'expires', 'senderName', 'headline', 'description', 'instruction', 'web', 'contact', 'parameter', 'area'])));
    assert.ok(isIncreasing(order(['areaDesc', 'polygon', 'circle', 'geocode'])));
  });
});

describe('writeCap refuses what CAP cannot carry', () => {
  const area = SAMPLE_ALERT.infos[0]!.areas[0]!;
  const withArea = (patch: Partial<typeof area>): CapAlert => ({
    ...SAMPLE_ALERT,
    infos: [{ ...SAMPLE_ALERT.infos[0]!, areas: [{ ...area, ...patch }] }],
  });
  const cases: Array<[string, CapAlert, string, RegExp]> = [
    ['an open polygon ring', withArea({ polygons: [[[1, 1], [1, 2], [2, 2], [2, 1]]] }), 'alert/info[1]/area[1]/polygon[1]', /not closed/],
    ['a ring of 3 points', withArea({ polygons: [[[1, 1], [1, 2], [1, 1]]] }), 'alert/info[1]/area[1]/polygon[1]', /at least 4/],
    ['a latitude beyond 90', withArea({ circles: [{ lat: 91, lon: 0, radiusKm: 1 }] }), 'alert/info[1]/area[1]/circle[1]', /latitude/],
    ['a negative radius', withArea({ circles: [{ lat: 1, lon: 0, radiusKm: -1 }] }), 'alert/info[1]/area[1]/circle[1]', /radius/],
    ['a malformed ISO geocode', withArea({ geocodes: [{ valueName: 'ISO3166-1', value: 'Iraq' }] }), 'alert/info[1]/area[1]/geocode[1]', /ISO 3166-1/],
    ['an identifier with a space', { ...SAMPLE_ALERT, identifier: 'a b' }, 'alert/identifier', /spaces/],
    ['an Update without references', { ...SAMPLE_UPDATE, references: [] }, 'alert/references', /required when msgType is Update/],
    ['a Private alert without addresses', { ...SAMPLE_ALERT, scope: 'Private' }, 'alert/addresses', /required/],
    ['an invalid date', { ...SAMPLE_ALERT, sent: new Date(NaN) }, 'alert/sent', /invalid date/],
    ['an info without category', { ...SAMPLE_ALERT, infos: [{ ...SAMPLE_ALERT.infos[0]!, category: [] }] }, 'alert/info[1]/category', /at least one/],
  ];
  for (const [what, alert, path, reason] of cases) {
    it(`throws CapWriteError for ${what}`, () => {
      assert.throws(
        () => writeCap(alert),
        (err: unknown) => err instanceof CapWriteError && err.path === path && reason.test(err.reason),
      );
    });
  }
});
