/**
 * Dates in news text, resolved against the publication date.
 *
 * chrono-node finds the mentions; two news conventions are applied on top:
 * - a bare weekday ("on Friday", "Thursday", "early Friday morning") means the most
 *   recent such day on or before publication — reports look back — unless the
 *   surrounding words speak of the future ("will", "next", "scheduled", …);
 * - a dateline at the very start ("BAGHDAD, Jan. 3 (Reuters) —") dates an undated document.
 * All dates are calendar days at UTC midnight: a report's "Friday" is a day, not an instant.
 */
import * as chrono from 'chrono-node';

export type DateGranularity = 'day' | 'month' | 'year';

export interface DateMention {
  text: string;
  start: number;
  end: number;
  /** UTC midnight of the day (first day of the month/year for coarser mentions). */
  date: Date;
  granularity: DateGranularity;
  /** 'absolute' has its own day and month; 'relative' was resolved from the reference date. */
  kind: 'absolute' | 'relative';
}

const DAY_MS = 86_400_000;

export function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Words just before a weekday that make it a future day ("will meet on Monday", "next Tuesday"). */
const FUTURE_CUE = /\b(will|shall|next|upcoming|scheduled|expected to|plans? to|due to|set to|is to|are to|coming)\b[^.;!?]{0,40}$/i;

function mostRecentWeekday(reference: Date, weekday: number, future: boolean): Date {
  const ref = utcDay(reference);
  const diff = (weekday - ref.getUTCDay() + 7) % 7;
  if (future) return new Date(ref.getTime() + (diff === 0 ? 7 : diff) * DAY_MS);
  const back = (ref.getUTCDay() - weekday + 7) % 7;
  return new Date(ref.getTime() - back * DAY_MS);
}

function granularityOf(c: chrono.ParsedComponents): DateGranularity {
  if (c.isCertain('day') || c.isCertain('weekday')) return 'day';
  if (c.isCertain('month')) return 'month';
  return 'year';
}

function componentsDay(c: chrono.ParsedComponents): Date {
  return new Date(Date.UTC(c.get('year') ?? 1970, (c.get('month') ?? 1) - 1, c.get('day') ?? 1));
}

/** Mentions with neither a year, month, day nor weekday (bare times like "5 p.m.") say nothing about the day. */
function saysSomethingAboutTheDay(c: chrono.ParsedComponents, text: string): boolean {
  if (c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month') || c.isCertain('year')) return true;
  return /\b(today|yesterday|tomorrow|tonight|ago|last|this|next)\b/i.test(text);
}

/** Bare years and numbers chrono reads as dates ("in 2019" is fine, "300 heads" is not). */
function isNoise(text: string): boolean {
  return /^\s*\d{1,2}\s*$/.test(text) || DURATION.test(text);
}

/** A bare duration ("after two days of riots", "the first cases in three years") is no date; "two days ago" is. */
const DURATION = /^\s*(?:(?:for|after|over|in|within)\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s+(?:days?|weeks?|months?|years?|hours?|nights?)\s*$/i;

/**
 * Every date mention in `text`, resolved against `reference` (the publication date).
 * Without a reference, relative mentions are dropped: they cannot be placed on a calendar.
 */
export function findDates(text: string, reference?: Date): DateMention[] {
  const ref = reference ?? new Date(0);
  const results = chrono.parse(text, { instant: ref, timezone: 0 });
  const out: DateMention[] = [];
  for (const r of results) {
    const c = r.start;
    if (isNoise(r.text) || !saysSomethingAboutTheDay(c, r.text)) continue;
    const absolute = c.isCertain('day') && c.isCertain('month');
    if (!absolute && !reference) continue;
    let date = componentsDay(c);
    if (!c.isCertain('day') && c.isCertain('weekday')) {
      const before = text.slice(Math.max(0, r.index - 60), r.index);
      date = mostRecentWeekday(ref, c.get('weekday') ?? 0, FUTURE_CUE.test(before));
    }
    const surface = r.text.replace(/[\s,.;:]+$/, '');
    out.push({ text: surface, start: r.index, end: r.index + surface.length, date, granularity: granularityOf(c), kind: absolute ? 'absolute' : 'relative' });
  }
  return out;
}

/**
 * Dateline date: an absolute date within the first line's first 120 characters
 * ("BAGHDAD, Jan. 3 (Reuters) —", "January 3, 2020 —").
 */
export function datelineDate(text: string, reference?: Date): Date | undefined {
  const head = (text.split('\n')[0] ?? '').slice(0, 120);
  const hit = findDates(head, reference).find((m) => m.kind === 'absolute' && m.granularity === 'day');
  return hit?.date;
}

/** Publication date, else a dateline, as a UTC day. */
export function documentDate(doc: { text: string; publishedAt?: Date }): Date | undefined {
  if (doc.publishedAt) return utcDay(doc.publishedAt);
  return datelineDate(doc.text);
}

/**
 * The date an event at `[start, end)` most plausibly happened: the day-level mention
 * inside the same sentence nearest the event's cue; else the fallback (publication date).
 */
export function nearestDate(mentions: DateMention[], sentenceStart: number, sentenceEnd: number, cueOffset: number): DateMention | undefined {
  let best: DateMention | undefined;
  let bestDistance = Infinity;
  for (const m of mentions) {
    if (m.granularity !== 'day' || m.start < sentenceStart || m.end > sentenceEnd) continue;
    const distance = m.start >= cueOffset ? m.start - cueOffset : cueOffset - m.end;
    if (distance < bestDistance) {
      best = m;
      bestDistance = distance;
    }
  }
  return best;
}

