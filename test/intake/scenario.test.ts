import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocuments } from '../../src/intake/text/document-parsers.js';
import { suggestAlert } from '../../src/intake/text/draft-alert.js';
import { extract, type Extraction } from '../../src/intake/text/extract.js';
import type { Site } from '../../src/intake/text/places.js';

const scenarioPath = fileURLToPath(new URL('../../../shared/scenario/baghdad-2020-01-03.txt', import.meta.url));

const sites: Site[] = [
  { name: 'Baghdad International Airport', aliases: ['Baghdad airport', "Baghdad's international airport"], lat: 33.2625, lon: 44.2346, radiusKm: 5, countryCode: 'IQ' },
];

const [doc] = await parseDocuments(readFileSync(scenarioPath));
assert.ok(doc);
const x: Extraction = extract(doc, { sites });

test('the document is dated by its header', () => {
  assert.equal(x.date, '2020-01-03');
});

test('places: Iraq, Baghdad, the airport site, Iran, the United States and Israel, with coordinates', () => {
  const find = (kind: string, code: string) => x.places.find((p) => p.kind === kind && p.code === code);
  for (const cc of ['IQ', 'IR', 'US', 'IL']) assert.ok(find('country', cc), `country ${cc}`);
  const baghdad = x.places.find((p) => p.kind === 'city' && p.name === 'Baghdad');
  assert.ok(baghdad, 'Baghdad');
  assert.equal(baghdad.countryCode, 'IQ');
  assert.ok(Math.abs(baghdad.lat - 33.34) < 0.2 && Math.abs(baghdad.lon - 44.4) < 0.2);
  const airport = find('site', 'Baghdad International Airport');
  assert.ok(airport, 'airport site');
  assert.equal(airport.surface, 'Baghdad’s international airport');
  const iraq = find('country', 'IQ')!;
  assert.ok(Math.abs(iraq.lat - 33) < 2 && Math.abs(iraq.lon - 44) < 2, 'Iraq near its centre');
  for (const p of x.placeMentions) assert.equal(doc.text.slice(p.start, p.end), p.surface, 'offsets point at the surface form');
});

test('demonyms are country references: American → US, Iranian → IR', () => {
  const american = x.placeMentions.find((p) => p.surface === 'American');
  assert.equal(american?.countryCode, 'US');
  assert.equal(american?.demonym, true);
  assert.equal(x.placeMentions.find((p) => p.surface === 'Iranian')?.countryCode, 'IR');
});

test('actors: people, organisations and groups, variants merged', () => {
  const byName = (name: string) => x.actors.find((a) => a.name === name);
  assert.equal(byName('Qassem Soleimani')?.kind, 'person');
  assert.equal(byName('Donald Trump')?.kind, 'person');
  const zarif = byName('Mohammad Javad Zarif');
  assert.ok(zarif, 'Zarif');
  for (const form of ['Mohammad Javad Zarif', 'Zaif', 'Zairf']) assert.ok(zarif.surfaceForms.includes(form), form);
  assert.equal(x.actors.filter((a) => a.surfaceForms.some((f) => /^Za/.test(f))).length, 1, 'one Zarif');
  assert.ok(byName('State Department'));
  assert.ok(byName('Pentagon'));
  const embassy = byName('US Embassy in Baghdad');
  assert.ok(embassy, 'embassy');
  assert.equal(embassy.countryCode, 'US');
  const irgc = x.actors.find((a) => a.acronym === 'IRGC');
  assert.ok(irgc, 'IRGC');
  assert.ok(irgc.surfaceForms.includes('Revolutionary Guard Corps'));
  assert.ok(irgc.surfaceForms.includes('Islamic Revolutionary Guards Corps'));
  assert.equal(byName('Quds Force')?.partOf, irgc.id);
  const militias = byName('Iranian-backed militias');
  assert.equal(militias?.kind, 'group');
  assert.equal(militias?.countryCode, 'IR');
  assert.ok(!x.actors.some((a) => ['Iraq', 'Baghdad', 'Friday', 'Thursday', 'Iran'].includes(a.name)), 'no places or days as actors');
});

test('events: strike at the airport on Friday, embassy besieged on Thursday, departure, suspension, Zarif threat', () => {
  const of = (type: string) => x.events.filter((e) => e.type === type);
  const strike = of('military_strike')[0];
  assert.equal(strike?.place?.name, 'Baghdad International Airport');
  assert.equal(strike?.date, '2020-01-03');
  const siege = of('diplomatic_facility_attack')[0];
  assert.equal(siege?.date, '2020-01-02');
  assert.equal(siege?.target, 'organization:us-embassy-in-baghdad');
  assert.equal(siege?.place?.name, 'Baghdad');
  const departure = of('evacuation_departure')[0];
  assert.equal(departure?.place?.countryCode, 'IQ');
  const suspension = of('suspension_of_services')[0];
  assert.equal(suspension?.target, 'organization:us-embassy-in-baghdad');
  assert.equal(suspension?.diplomatic, true);
  const zarifThreat = of('threat_warning').find((e) => e.agent === 'person:mohammad-javad-zarif');
  assert.ok(zarifThreat, 'threat by Zarif');
  assert.match(zarifThreat.sentence, /retaliation/);
});

test('severity is 5 with its reasons', () => {
  assert.equal(x.severity.score, 5);
  assert.ok(x.severity.reasons.some((r) => /departure/.test(r)));
  assert.ok(x.severity.reasons.some((r) => /diplomatic/.test(r)));
});

test('draft security alert for Iraq: depart, do not approach the embassy', () => {
  const alert = suggestAlert(x);
  assert.equal(alert.draft, true);
  assert.equal(alert.kind, 'security_alert');
  assert.deepEqual(alert.countryCodes, ['IQ']);
  assert.match(alert.instruction, /Depart Iraq/);
  assert.match(alert.instruction, /Do not approach the .*Embassy/);
  assert.equal(alert.cap.category, 'Security');
  assert.equal(alert.cap.urgency, 'Immediate');
  assert.equal(alert.suggestedAdvisoryLevel?.countryCode, 'IQ');
  assert.equal(alert.suggestedAdvisoryLevel?.level, 4);
});

test('without a departure call or embassy, the draft asks for neither', () => {
  const calm = extract({ text: 'Heavy flooding hit Jakarta on Monday, officials said.', contentHash: 'x', publishedAt: new Date(Date.UTC(2020, 0, 3)) }, { sites: [] });
  assert.equal(calm.events[0]?.type, 'natural_disaster');
  assert.equal(calm.events[0]?.date, '2019-12-30');
  const alert = suggestAlert(calm);
  assert.doesNotMatch(alert.instruction, /Depart|approach/);
  assert.deepEqual(alert.countryCodes, ['ID']);
});
