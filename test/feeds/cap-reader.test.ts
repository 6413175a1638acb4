import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readCap, type ReadCapResult } from '../../src/feeds/cap-reader.js';
import { writeCap } from '../../src/feeds/cap-writer.js';
import type { CapAlert } from '../../src/feeds/cap-types.js';
import { CAP_TESTDATA_DIR, SAMPLE_ALERT, testdata } from './fixtures.js';

function readOk(result: ReadCapResult): CapAlert {
  assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  return result.alert;
}

function readErrors(result: ReadCapResult): string[] {
  assert.equal(result.ok, false, 'expected the document to be refused');
  return result.ok ? [] : result.errors;
}

const DOCTYPE_REFUSED = 'document: DOCTYPE declarations are not allowed (no DTDs, external entities or entity expansion)';

/** Every .cap file in the shared test data and what reading it must give. */
const CAP_FILES: Record<string, (result: ReadCapResult) => void> = {
  'australia.cap': (result) => {
    const alert = readOk(result);
    assert.equal(result.ok && result.capVersion, '1.2');
    assert.equal(alert.identifier, 'tag:www.rfs.nsw.gov.au2011-10-06:40184');
    assert.equal(alert.sender, 'webmaster@rfs.nsw.gov.au');
    assert.equal(alert.sent.toISOString(), '2011-10-05T13:04:00.000Z');
    assert.deepEqual([alert.status, alert.msgType, alert.scope], ['Actual', 'Alert', 'Public']);
    assert.equal(alert.infos.length, 2);
    const info = alert.infos[0]!;
    assert.equal(info.language, 'en-AU');
    assert.deepEqual(info.category, ['Fire', 'Met']);
    assert.deepEqual(info.responseType, ['Evacuate']);
    assert.deepEqual([info.urgency, info.severity, info.certainty], ['Expected', 'Minor', 'Observed']);
    assert.equal(info.expires?.toISOString(), '2011-10-06T13:04:00.000Z');
    assert.equal(info.headline, 'Yerong Creek Structure Fire');
    // &lt;br /&gt; in the source is text, decoded once.
    assert.ok(info.description?.startsWith('ALERT LEVEL: Not Applicable<br />LOCATION: 12 Cox Street'));
    assert.equal(info.parameters?.length, 7);
    assert.deepEqual(info.parameters?.[5], { valueName: 'AllocatedResources', value: '' });
    assert.deepEqual(info.areas, [
      {
        areaDesc: 'Yerong Creek Structure Fire',
        circles: [{ lat: -35.3888, lon: 147.0598, radiusKm: 25 }],
        geocodes: [{ valueName: 'http://www.iso.org/iso/country_codes.html', value: 'AU-NSW' }],
      },
    ]);
  },
  'canada.cap': (result) => {
    const alert = readOk(result);
    assert.equal(alert.msgType, 'Update');
    assert.deepEqual(
      alert.references?.map((r) => [r.sender, r.identifier, r.sent.toISOString()]),
      [
        ['cap@ec.gc.ca', '2.49.0.1.124.a3f342a4.2012', '2012-05-02T21:45:05.000Z'],
        ['cap@ec.gc.ca', '2.49.0.1.124.60f31a3a.2012', '2012-05-02T21:55:21.000Z'],
      ],
    );
    assert.equal(alert.note, undefined, 'an empty <note/> is absent');
    assert.deepEqual(alert.infos.map((i) => i.language), ['en-CA', 'fr-CA']);
    const fr = alert.infos[1]!;
    assert.equal(fr.headline, "veille d'orages violents");
    assert.equal(fr.areas[0]!.areaDesc, "Windsor - Leamington - comté d'Essex");
    assert.equal(fr.areas.length, 2);
    const ring = fr.areas[0]!.polygons![0]!;
    assert.equal(ring.length, 17);
    assert.deepEqual(ring[0], [42.3481, -82.9314]);
    assert.deepEqual(ring[16], ring[0]);
    assert.equal(fr.areas[0]!.geocodes?.length, 10);
  },
  'canada_errors.cap': (result) => {
    assert.deepEqual(readErrors(result), ['alert/references: must not be empty (give at least one sender,identifier,sent triple)']);
  },
  'earthquake-iso8859-1.cap': (result) => {
    const alert = readOk(result);
    const info = alert.infos[0]!;
    assert.equal(info.headline, 'EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT');
    assert.equal(info.onset?.toISOString(), '2012-10-14T22:40:56.000Z');
    assert.deepEqual(info.areas[0]!.circles, [{ lat: 12.747, lon: -88.783, radiusKm: 0 }]);
  },
  'earthquake.cap': (result) => {
    const alert = readOk(result);
    assert.equal(result.ok && result.capVersion, '1.1');
    assert.equal(alert.sent.toISOString(), '2010-08-31T05:09:25.000Z');
    const info = alert.infos[0]!;
    assert.equal(info.language, 'en-US', 'CAP default language when <language> is absent');
    assert.deepEqual(info.category, ['Geo']);
    assert.equal(info.responseType, undefined);
    assert.equal(info.parameters?.length, 12);
    assert.deepEqual(info.parameters?.[3], { valueName: 'Magnitude', value: '6.3' });
    assert.deepEqual(info.areas[0]!.circles, [{ lat: -16.053, lon: -173.274, radiusKm: 0 }]);
  },
  'invalid.cap': (result) => {
    assert.deepEqual(readErrors(result), ['alert/scope: required element missing']);
  },
  'no_optional_fields.cap': (result) => {
    assert.deepEqual(readOk(result), {
      identifier: 'USGS-earthquakes-us2010apcd.6.20100831T000925.496Z',
      sender: 'http://earthquake.usgs.gov/research/monitoring/anss/neic/',
      sent: new Date('2010-08-31T05:09:25Z'),
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      infos: [],
    });
  },
  'noaa_errors.cap': (result) => {
    assert.deepEqual(readErrors(result), [
      'alert/references: must not be empty (give at least one sender,identifier,sent triple)',
      'alert/info[1]/urgency: must not be empty',
      'alert/info[1]/severity: must not be empty',
      'alert/info[1]/certainty: must not be empty',
      'alert/info[1]/area[1]/polygon[1]: "+40.85,-118.09," is not a "lat,lon" pair',
      'alert/info[1]/area[1]/polygon[2]: must not be empty',
    ]);
  },
  'wcatwc-warning.cap': (result) => {
    const alert = readOk(result);
    assert.deepEqual(alert.references, [{ sender: 'PAAQ', identifier: 'PAAQ-1-lqw6d6', sent: new Date('2011-09-02T10:55:55Z') }]);
    assert.deepEqual(alert.incidents, ['lqw6d6']);
    const info = alert.infos[0]!;
    assert.deepEqual(info.responseType, ['Prepare']);
    assert.deepEqual([info.urgency, info.severity, info.certainty], ['Immediate', 'Extreme', 'Likely']);
    assert.equal(info.parameters?.length, 38);
    assert.deepEqual(info.areas[0]!.geocodes, [
      { valueName: 'UGC', value: 'AKZ185' },
      { valueName: 'UGC', value: 'AKZ187' },
    ]);
  },
  'weather.cap': (result) => {
    const alert = readOk(result);
    assert.equal(alert.note, 'Alert for Central and Southern Lewis and Clark; Lewis and Clark (Montana) Issued by the National Weather Service');
    const info = alert.infos[0]!;
    assert.equal(info.event, 'Flash Flood Watch');
    assert.equal(info.effective?.toISOString(), '2010-08-30T10:07:00.000Z');
    assert.deepEqual(info.parameters?.[0], { valueName: 'WMOHEADER', value: '' });
    assert.match(info.parameters?.[2]?.value ?? '', /^\/O\.CON\.KTFX\.FF\.A\.0003\.000000T0000Z-100830T1800Z\/\n\/00000/);
    assert.deepEqual(info.areas, [
      {
        areaDesc: 'Central and Southern Lewis and Clark; Lewis and Clark',
        geocodes: [
          { valueName: 'FIPS6', value: '030049' },
          { valueName: 'UGC', value: 'MTZ014' },
        ],
      },
    ]);
  },
  'xee.cap': (result) => {
    assert.deepEqual(readErrors(result), [DOCTYPE_REFUSED]);
  },
};

describe('readCap on the shared CAP test data', () => {
  it('has an expectation for every .cap file', () => {
    const files = readdirSync(CAP_TESTDATA_DIR).filter((f) => f.endsWith('.cap')).sort();
    assert.deepEqual(files, Object.keys(CAP_FILES).sort());
  });

  for (const [name, expect] of Object.entries(CAP_FILES)) {
    it(name, () => expect(readCap(testdata(name))));
  }
});

describe('readCap refuses hostile input', () => {
  it('reads nothing from an XXE document and names the DOCTYPE', () => {
    const result = readCap(testdata('xee.cap'));
    assert.equal(result.ok, false);
    const text = JSON.stringify(result);
    assert.doesNotMatch(text, /root:/);
    assert.doesNotMatch(text, /SEVERE THUNDERSTORM|KSTO/, 'no alert content is returned');
    assert.match(text, /DOCTYPE/);
  });

  it('refuses a file:// external entity even as a string', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&x;</identifier></alert>';
    const result = readCap(xml);
    assert.deepEqual(result, { ok: false, errors: [DOCTYPE_REFUSED] });
  });

  it('refuses a billion-laughs entity bomb without expanding it', () => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${lol}]><alert>&lol9;</alert>`;
    assert.deepEqual(readCap(xml), { ok: false, errors: [DOCTYPE_REFUSED] });
  });

  it('refuses an ENTITY declaration that appears outside a DOCTYPE', () => {
    const result = readCap('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><!ENTITY x "y"></alert>');
    assert.match(readErrors(result)[0]!, /^document: ENTITY declarations are not allowed/);
  });

  it('refuses XInclude', () => {
    const xml = writeCap(SAMPLE_ALERT).replace(
      '<note>',
      '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/><note>',
    );
    const errors = readErrors(readCap(xml));
    assert.ok(errors.includes('alert/include: XInclude is not allowed'), errors.join('\n'));
    assert.doesNotMatch(JSON.stringify(errors), /root:/);
  });

  it('refuses an undefined entity instead of passing it through', () => {
    const xml = writeCap(SAMPLE_ALERT).replace('Issued by the Warden demo', 'Issued &nbsp; here');
    assert.deepEqual(readErrors(readCap(xml)), ['alert/note: entity &nbsp; is not defined (only the five predefined XML entities are)']);
  });

  it('refuses input over the size limit (default 1 MiB) before parsing it', () => {
    const padding = `<note>${'x'.repeat(1024 * 1024)}</note>`;
    const xml = writeCap(SAMPLE_ALERT).replace(/<note>[^<]*<\/note>/, padding);
    assert.match(readErrors(readCap(xml))[0]!, /^document: \d+ bytes is larger than the limit of 1048576 bytes$/);
    assert.match(readErrors(readCap(writeCap(SAMPLE_ALERT), { maxBytes: 100 }))[0]!, /limit of 100 bytes/);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</alert>`;
    assert.deepEqual(readErrors(readCap(deep)), ['document: elements nested deeper than 32 levels']);
    assert.deepEqual(readErrors(readCap(writeCap(SAMPLE_ALERT), { maxDepth: 3 })), ['document: elements nested deeper than 3 levels']);
  });

  it('accepts CAP nesting at a small limit that still fits it', () => {
    assert.ok(readCap(writeCap(SAMPLE_ALERT), { maxDepth: 5 }).ok);
  });

  it('refuses malformed XML', () => {
    assert.match(readErrors(readCap('<alert><identifier>x</alert>'))[0]!, /^document: not well-formed XML/);
  });

  it('refuses bytes that are not in the declared encoding', () => {
    const latin1 = testdata('earthquake-iso8859-1.cap');
    const mislabelled = Buffer.from(latin1.toString('latin1').replace('ISO-8859-1', 'UTF-8'), 'latin1');
    assert.deepEqual(readErrors(readCap(mislabelled)), ['document: bytes are not valid UTF-8']);
  });
});

describe('readCap applies the CAP 1.2 rules', () => {
  const xml = writeCap(SAMPLE_ALERT);
  const cases: Array<[string, string, string[]]> = [
    ['a sent date in Z form', xml.replace('2020-01-03T06:15:00+00:00</sent>', '2020-01-03T06:15:00Z</sent>'), [
      'alert/sent: "2020-01-03T06:15:00Z" is not a CAP date-time (YYYY-MM-DDThh:mm:ss with a numeric offset such as +00:00; "Z" is not allowed)',
    ]],
    ['an impossible date', xml.replace('2020-01-03T06:15:00+00:00</sent>', '2020-02-30T06:15:00+00:00</sent>'), [
      'alert/sent: "2020-02-30T06:15:00+00:00" is not a real date-time',
    ]],
    ['an unknown status', xml.replace('<status>Actual<', '<status>Real<'), [
      'alert/status: "Real" is not one of Actual, Exercise, System, Test, Draft',
    ]],
    ['a malformed reference', xml.replace('<note>', '<references>sender,id-without-date</references><note>'), [
      'alert/references: "sender,id-without-date" is not a sender,identifier,sent triple',
    ]],
    ['an unclosed polygon', xml.replace('33.24,44.2 33.27,44.2</polygon>', '33.24,44.2 33.25,44.2</polygon>'), [
      'alert/info[1]/area[1]/polygon[1]: is not closed (the last point must repeat the first)',
    ]],
    ['an element CAP does not define', xml.replace('<note>', '<colour>red</colour><note>'), ['alert/colour: unexpected element']],
    ['a repeated single element', xml.replace('<note>', '<status>Test</status><note>'), ['alert/status: appears 2 times; at most once is allowed']],
    ['a Private alert without addresses', xml.replace('<scope>Public<', '<scope>Private<'), ['alert/addresses: required when scope is Private']],
    ['a wrong namespace', xml.replace('emergency:cap:1.2', 'emergency:cap:9.9'), [
      'alert: not a CAP alert (expected <alert> in namespace urn:oasis:names:tc:emergency:cap:1.2 or urn:oasis:names:tc:emergency:cap:1.1)',
    ]],
  ];
  for (const [what, doc, errors] of cases) {
    it(`refuses ${what}`, () => assert.deepEqual(readErrors(readCap(doc)), errors));
  }

  it('decodes character references and keeps CDATA literal', () => {
    const doc = xml.replace('Issued by the Warden demo', 'Caf&#233; &#x2014; <![CDATA[&amp; <raw>]]>');
    assert.equal(readOk(readCap(doc)).note, 'Café — &amp; <raw>');
  });

  it('ignores elements in other namespaces, such as an XML signature', () => {
    const doc = xml.replace('</alert>', '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature></alert>');
    assert.deepEqual(readOk(readCap(doc)), SAMPLE_ALERT);
  });
});
