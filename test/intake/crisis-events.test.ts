/**
 * Issue 14, points 2 and 3: events with their own place and time, and drafts that do not mislead —
 * the misleading cases found on real crisis news, rewritten as short original articles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertKinds } from '../../src/vocabulary.js';
import { eventKind } from '../../src/intake/text/events.js';
import { suggestAlert } from '../../src/intake/text/draft-alert.js';
import { extract, type Extraction } from '../../src/intake/text/extract.js';
import { CORPUS_INGESTED_AT, loadCorpus, scoreCorpus } from './crisis-corpus/score.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const read = (text: string, published?: string, ingestedAt?: Date): Extraction =>
  extract({ text, contentHash: 'x', ...(published ? { publishedAt: day(published) } : {}) }, { sites: [], ...(ingestedAt ? { ingestedAt } : {}) });
const kinds = (x: Extraction) => x.events.map(eventKind);

test('a bombing story whose second sentence mentions a US statement has one attack, in Iran', () => {
  const x = read('Two explosions killed at least 84 people at a memorial ceremony in Kerman, Iran, on Wednesday. The United States condemned the bombing and denied any involvement.', '2024-01-04');
  const attacks = x.events.filter((e) => e.type === 'terrorist_attack');
  assert.equal(attacks.length, 1);
  assert.equal(attacks[0]!.place?.countryCode, 'IR');
  assert.equal(attacks[0]!.date, '2024-01-03');
  assert.equal(attacks[0]!.sentences.length, 2, 'the statement is evidence for the same attack');
  const draft = suggestAlert(x);
  assert.deepEqual(draft.countryCodes, ['IR']);
  assert.doesNotMatch(draft.headline, /United States/);
});

test('an undated article: no date is 1970, the ingest day stands in and says so; the attack stays in Syria', () => {
  const x = read('A drone strike killed three American soldiers at an outpost in eastern Syria on Sunday, officials said. Sgt. Daniel Reyes, 27, of Killeen, Texas, was among those killed in the strike.', undefined, day('2026-01-15'));
  assert.equal(x.date, '2026-01-15');
  assert.deepEqual(x.notes, ['no publication date: dates are read relative to the ingest day 2026-01-15']);
  for (const e of x.events) assert.doesNotMatch(e.date ?? '', /^1970/);
  const strike = x.events.filter((e) => e.type === 'military_strike');
  assert.equal(strike.length, 1);
  assert.equal(strike[0]!.place?.countryCode, 'SY');
  assert.equal(strike[0]!.date, '2026-01-11', 'Sunday before the ingest day');
  const draft = suggestAlert(x);
  assert.deepEqual(draft.countryCodes, ['SY']);
  assert.notEqual(draft.suggestedAdvisoryLevel?.countryCode, 'US');
  assert.ok(draft.confidence.reasons.some((r) => /ingest day/.test(r)));
});

test('an undated article without weekday uses the ingest day, marked as such', () => {
  const x = read('Heavy flooding hit Jakarta, officials said.', undefined, day('2026-01-15'));
  assert.deepEqual([x.events[0]?.date, x.events[0]?.dateSource], ['2026-01-15', 'ingest']);
});

test('"evacuated women and children from Tskhinvali" is an evacuation, not advice to depart Georgia', () => {
  const x = read('Authorities in South Ossetia evacuated women and children from Tskhinvali on Thursday as fighting intensified with Georgian troops on the outskirts of the town.', '2008-08-08');
  assert.ok(kinds(x).includes('evacuation_departure'));
  assert.deepEqual(x.advice.departCountries, []);
  const draft = suggestAlert(x);
  assert.doesNotMatch(draft.instruction, /Depart/);
  assert.notEqual(draft.suggestedAdvisoryLevel?.level, 4);
});

test('departure advice by an authority about that country does give a departure instruction, in every language', () => {
  const x = read('The Foreign Office urged British nationals to leave Sudan on Sunday as fighting between the army and a paramilitary force entered its second week in Khartoum.', '2023-04-23');
  assert.deepEqual(x.advice.departCountries, ['SD']);
  const draft = suggestAlert(x);
  assert.match(draft.instructions.en, /^Depart Sudan immediately/);
  assert.match(draft.instructions.fr, /^Quittez Soudan immédiatement/);
  assert.match(draft.instructions.es, /^Salga de Sudán de inmediato/);
  assert.match(draft.instructions.ar, /^غادروا السودان فوراً/);
  assert.equal(draft.suggestedAdvisoryLevel?.level, 4);
  assert.equal(draft.suggestedAdvisoryLevel?.confidence.level, 'high');
  assert.ok(draft.suggestedAdvisoryLevel?.evidence.some((s) => /urged British nationals/.test(s)));
});

test('a militia telling people to leave is no authority advice', () => {
  const x = read('The militia ordered foreigners to leave Goma within 48 hours on Monday.', '2024-02-05');
  assert.deepEqual(x.advice.departCountries, []);
});

test('"Israel floods Lebanese farmlands" and "floods the market" are not natural disasters; rain flooding a city is', () => {
  for (const text of [
    'Israel floods Lebanese farmlands near the border with waste water, villagers said on Tuesday.',
    'Cheap steel floods the market in Europe, manufacturers said on Wednesday.',
    'Protesters flooded the streets of Nairobi on Tuesday.',
    'The ministry was flooded with calls from worried families.',
    'Labour won a landslide victory in the election on Thursday.',
    'An outbreak of fighting between gangs in the capital killed 12 people.',
    'Violence erupted in the capital after the vote.',
  ]) {
    const x = read(text, '2024-02-14');
    assert.ok(!x.events.some((e) => e.type === 'natural_disaster' || e.type === 'disease_outbreak'), `${text} → ${kinds(x).join(', ')}`);
  }
  const rain = read('Heavy rains flooded the city of Porto Alegre in Brazil on Saturday.', '2024-05-06');
  assert.deepEqual(kinds(rain), ['flood']);
  assert.equal(rain.events[0]?.place?.countryCode, 'BR');
});

test('a coup with a curfew and closed borders is a coup, severity ≥ 4, with shelter advice and no departure', () => {
  const x = read("Soldiers of the presidential guard seized power in Niger on Wednesday and detained President Mohamed Bazoum inside his palace in Niamey. In a statement read on national television, the officers said the country's borders were closed and a curfew was in force from 10 p.m. to 5 a.m. The United States and France condemned the coup and called for the president's release.", '2023-07-27');
  assert.deepEqual(kinds(x), ['coup', 'curfew', 'border_closure']);
  for (const e of x.events) assert.equal(e.place?.countryCode, 'NE', `${e.type} in Niger`);
  assert.equal(x.events[0]!.date, '2023-07-26');
  assert.ok(x.severity.score >= 4, `severity ${x.severity.score}`);
  const draft = suggestAlert(x);
  assert.equal(draft.kind, 'security_alert');
  assert.match(draft.headline, /coup or seizure of power — Niger/);
  assert.match(draft.instruction, /Shelter where you are, avoid crowds .* documents ready/);
  assert.match(draft.instruction, /curfew/);
  assert.doesNotMatch(draft.instruction, /Depart|low profile/);
  assert.equal(draft.suggestedAdvisoryLevel?.countryCode, 'NE');
  assert.equal(draft.suggestedAdvisoryLevel?.level, 3);
});

test('a stampede with deaths is a crowd crush of severity ≥ 4 in its country', () => {
  const x = read("A stampede at a religious gathering near Hathras in India's Uttar Pradesh state killed at least 116 people on Tuesday.", '2024-07-03');
  assert.deepEqual(kinds(x), ['crowd_crush']);
  assert.equal(x.events[0]!.place?.countryCode, 'IN');
  assert.ok(x.severity.score >= 4);
  assert.match(suggestAlert(x).instruction, /avoid dense crowds/);
});

test('each kind gets its own instruction in every language; none says "keep a low profile"', () => {
  const cases: Array<[string, RegExp, RegExp]> = [
    ['A tsunami struck the coast of Aceh in Indonesia on Sunday.', /high ground/, /hauteurs/],
    ['A magnitude 7.1 earthquake struck Kathmandu in Nepal on Sunday.', /aftershocks.*damaged buildings/, /répliques/],
    ['Health officials confirmed a cholera outbreak in Lusaka, Zambia, on Sunday.', /health authorities.*wash your hands/, /autorités sanitaires/],
    ['Floods swept through Valencia in Spain on Sunday.', /higher ground.*flood water/, /eaux de crue/],
    ['Cyclone Freddy hit Blantyre in Malawi on Sunday.', /away from windows/, /loin des fenêtres/],
    ['A wildfire spread towards Los Angeles in California on Sunday.', /fire services/, /pompiers/],
    ['Mount Etna erupted near Catania in Italy on Sunday, spewing lava.', /exclusion zone/, /zone d’exclusion/],
    ['Gunmen kidnapped two aid workers near Gao in Mali on Sunday.', /after dark/, /de nuit/],
  ];
  for (const [text, en, fr] of cases) {
    const draft = suggestAlert(read(text, '2024-03-11'));
    assert.match(draft.instructions.en, en, text);
    assert.match(draft.instructions.fr, fr, text);
    assert.ok(draft.instructions.es.length > 20 && draft.instructions.ar.length > 20);
    assert.notEqual(draft.instructions.es, draft.instructions.en);
    for (const i of Object.values(draft.instructions)) assert.doesNotMatch(i, /low profile/);
    assert.ok((alertKinds as readonly string[]).includes(draft.kind), draft.kind);
    assert.ok(draft.evidence.some((e) => e.sentence === text), 'the evidence is the sentence');
  }
});

test('a draft with nothing to stand on says "low confidence" and suggests no advisory level', () => {
  const nothing = suggestAlert(read('The ministry met on Monday.', '2024-03-11'));
  assert.equal(nothing.confidence.level, 'low');
  assert.match(nothing.headline, /^Low confidence — /);
  assert.equal(nothing.suggestedAdvisoryLevel, undefined);
  assert.equal(nothing.kind, 'message');
});

test('the crisis corpus: every expected kind found, ≥ 90 % placed and dated right, figures of speech ignored', () => {
  const s = scoreCorpus(loadCorpus());
  assert.ok(s.articles >= 30, `${s.articles} articles`);
  assert.equal(s.dates1970, 0);
  assert.ok(s.type / s.expected >= 0.95, `type ${s.type}/${s.expected}`);
  assert.ok(s.place / s.expected >= 0.9, `place ${s.place}/${s.expected}: ${s.misses.join('; ')}`);
  assert.ok(s.date / s.expected >= 0.95, `date ${s.date}/${s.expected}: ${s.misses.join('; ')}`);
  assert.ok(s.mainKind.right / s.mainKind.of >= 0.9, `main ${s.mainKind.right}/${s.mainKind.of}`);
  assert.equal(s.absent.right, s.absent.of, 'no event from a figure of speech');
  assert.equal(s.depart.right, s.depart.of, 'departure advice only where an authority gave it');
  assert.ok(CORPUS_INGESTED_AT.getUTCFullYear() > 1970);
});
