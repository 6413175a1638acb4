/**
 * Scores intake on the crisis-news corpus (articles.json, written by the team for issue 14): for each expected event,
 * whether an event of that kind was found (type), in the expected country and place (place) and on the expected day
 * (date); whether the draft's main event is the article's first expected one; that figures of speech raise no event
 * (absent); that departure advice is read only where an authority gave it (depart); and that no date is 1970.
 * Used by test/intake/crisis-corpus.test.ts (floors) and scripts/eval-crisis.ts (figures and misses).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventKind, EVENT_LABELS, HAZARD_LABELS, hazards, type EventKind, type Hazard } from '../../../src/intake/text/events.js';
import { suggestAlert } from '../../../src/intake/text/draft-alert.js';
import { extract } from '../../../src/intake/text/extract.js';

export interface ExpectedEvent { kind: EventKind; country: string; date: string; place?: string }
export interface CorpusArticle { id: string; published: string | null; text: string; expect: ExpectedEvent[]; absent?: EventKind[]; depart?: string[] }

/** The ingest day of undated articles: their expected dates are counted back from it. */
export const CORPUS_INGESTED_AT = new Date('2026-01-15T12:00:00Z');

export function loadCorpus(): CorpusArticle[] {
  return JSON.parse(readFileSync(fileURLToPath(new URL('./articles.json', import.meta.url)), 'utf8')) as CorpusArticle[];
}

export interface CorpusScore {
  articles: number;
  expected: number;
  type: number;
  place: number;
  date: number;
  mainKind: { right: number; of: number };
  absent: { right: number; of: number };
  depart: { right: number; of: number };
  /** Events of a kind no expectation of the article names: true secondary events (a tornado spawned by a hurricane) or spurious ones. */
  spurious: number;
  events: number;
  dates1970: number;
  misses: string[];
}

const labelOf = (kind: EventKind): string => ((hazards as readonly string[]).includes(kind) ? HAZARD_LABELS[kind as Hazard] : EVENT_LABELS[kind as keyof typeof EVENT_LABELS]);

export function scoreCorpus(articles: readonly CorpusArticle[]): CorpusScore {
  const s: CorpusScore = { articles: articles.length, expected: 0, type: 0, place: 0, date: 0, mainKind: { right: 0, of: 0 }, absent: { right: 0, of: 0 }, depart: { right: 0, of: 0 }, spurious: 0, events: 0, dates1970: 0, misses: [] };
  for (const a of articles) {
    const x = extract({ text: a.text, contentHash: a.id, ...(a.published ? { publishedAt: new Date(`${a.published}T00:00:00Z`) } : {}) }, { sites: [], ingestedAt: CORPUS_INGESTED_AT });
    const kinds = x.events.map(eventKind);
    s.events += x.events.length;
    s.spurious += kinds.filter((k) => !a.expect.some((e) => e.kind === k)).length;
    s.dates1970 += x.events.filter((e) => e.date?.startsWith('1970')).length + (x.date?.startsWith('1970') ? 1 : 0);
    for (const want of a.expect) {
      s.expected++;
      const candidates = x.events.filter((e) => eventKind(e) === want.kind);
      const found = candidates.find((e) => e.place?.countryCode === want.country) ?? candidates[0];
      if (!found) { s.misses.push(`${a.id}: no ${want.kind} (found ${kinds.join(', ') || 'nothing'})`); continue; }
      s.type++;
      const placeRight = found.place?.countryCode === want.country && (!want.place || fold(found.place.name).includes(fold(want.place)));
      if (placeRight) s.place++;
      else s.misses.push(`${a.id}: ${want.kind} placed at ${found.place ? `${found.place.name} (${found.place.countryCode})` : 'nowhere'}, expected ${want.place ? `${want.place} ` : ''}(${want.country})`);
      if (found.date === want.date) s.date++;
      else s.misses.push(`${a.id}: ${want.kind} dated ${found.date ?? 'never'}, expected ${want.date}`);
    }
    if (a.expect[0]) {
      s.mainKind.of++;
      const main = suggestAlert(x).cap.event;
      if (main === labelOf(a.expect[0].kind)) s.mainKind.right++;
      else s.misses.push(`${a.id}: draft is about "${main}", expected "${labelOf(a.expect[0].kind)}"`);
    }
    for (const kind of a.absent ?? []) {
      s.absent.of++;
      if (!kinds.includes(kind) && !x.events.some((e) => e.type === kind)) s.absent.right++;
      else s.misses.push(`${a.id}: ${kind} found in a figure of speech`);
    }
    if (a.depart) {
      s.depart.of++;
      if (JSON.stringify([...x.advice.departCountries].sort()) === JSON.stringify([...a.depart].sort())) s.depart.right++;
      else s.misses.push(`${a.id}: departure advice for [${x.advice.departCountries.join(', ')}], expected [${a.depart.join(', ')}]`);
    }
  }
  return s;
}

/** Names compared without accents or macrons ("Kermān" = "Kerman"). */
function fold(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
