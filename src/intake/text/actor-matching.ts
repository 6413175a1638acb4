/**
 * Actor matching: when two names denote the same person, organisation or group, merging actors
 * across documents with the same rules as within one, and the blocking keys that find merge
 * candidates among many stored actors.
 *
 * Surnames match by Damerau-Levenshtein ≤ 1 or Jaro-Winkler ≥ 0.9 (string-similarity.ts); organisations by
 * acronym, initials or fuzzy word containment.
 */
import type { Actor, ActorKind } from './actor-types.js';
import { damerauLevenshtein, jaroWinkler } from './string-similarity.js';
import { fold } from './tokens.js';

const LOWER_NAME_PARTICLES = new Set(['bin', 'ibn', 'al', 'el', 'de', 'van', 'von', 'der', 'da', 'di', 'du', 'la', 'le']);

// ---------------------------------------------------------------------------
// Name similarity
// ---------------------------------------------------------------------------

/** Two spellings of one surname: equal after folding, one edit apart (transpositions count once), or Jaro-Winkler ≥ 0.9. */
export function isSameSurname(a: string, b: string): boolean {
  const x = fold(a);
  const y = fold(b);
  if (x === y) return true;
  // Short names differ by one letter too often ("Iran"/"Iraq"): one of the two must have five letters.
  if (Math.min(x.length, y.length) < 4 || Math.max(x.length, y.length) < 5 || x[0] !== y[0]) return false;
  return damerauLevenshtein(x, y) <= 1 || jaroWinkler(x, y) >= 0.9;
}

function nameWords(name: string): string[] {
  return name.split(/\s+/).filter((w) => w && !LOWER_NAME_PARTICLES.has(w.toLowerCase()));
}

/** Whether two person names can be the same person: surnames match and first names (if both given) match. */
export function isSamePerson(a: string, b: string): boolean {
  const wa = nameWords(a);
  const wb = nameWords(b);
  if (wa.length === 0 || wb.length === 0) return false;
  if (!isSameSurname(wa[wa.length - 1]!, wb[wb.length - 1]!)) return false;
  if (wa.length === 1 || wb.length === 1) return true;
  return isSameSurname(wa[0]!, wb[0]!) || fold(wa[0]!)[0] === fold(wb[0]!)[0];
}

export function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => /^\p{Lu}/u.test(w) && !['of', 'the', 'and', 'for'].includes(w.toLowerCase()))
    .map((w) => w[0]!)
    .join('')
    .toUpperCase();
}

/** "IRGC", "U.N.": an all-capitals word of two to seven characters. */
export function isAcronym(s: string): boolean {
  return /^[A-Z][A-Z0-9&]{1,6}$/.test(s.replace(/\./g, ''));
}

function significantWords(name: string): string[] {
  return fold(name)
    .split(/[\s-]+/)
    .filter((w) => w && !['the', 'of', 'and', 'for', 'de', 'la'].includes(w));
}

/** Every significant word of the shorter name has a near-identical word in the longer (Guard ~ Guards). */
function isFuzzySubname(shorter: string, longer: string): boolean {
  const ws = significantWords(shorter);
  const wl = significantWords(longer);
  if (ws.length < 2 || ws.length > wl.length) return false;
  return ws.every((w) => wl.some((v) => v === w || (w.length >= 4 && jaroWinkler(w, v) >= 0.92)));
}

/** Whether two organisation names denote the same organisation. */
export function isSameOrganization(a: Pick<Actor, 'name' | 'acronym' | 'surfaceForms'>, b: Pick<Actor, 'name' | 'acronym' | 'surfaceForms'>): boolean {
  const formsA = new Set(a.surfaceForms.map(fold).concat(fold(a.name)));
  if (b.surfaceForms.some((f) => formsA.has(fold(f))) || formsA.has(fold(b.name))) return true;
  if (a.acronym && b.acronym) return a.acronym === b.acronym;
  if (a.acronym && initials(b.name) === a.acronym) return true;
  if (b.acronym && initials(a.name) === b.acronym) return true;
  const [shorter, longer] = a.name.length <= b.name.length ? [a.name, b.name] : [b.name, a.name];
  return isFuzzySubname(shorter, longer);
}

/** Slug id of an actor: kind and folded name, e.g. "person:mohammad-javad-zarif". */
export function slug(kind: ActorKind, name: string): string {
  return `${kind}:${fold(name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** Words in a name (used to compare how full two names are). */
export function wordCount(s: string): number {
  return s.split(/\s+/).length;
}

// ---------------------------------------------------------------------------
// Across documents
// ---------------------------------------------------------------------------

function sameActor(a: Actor, b: Actor): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'person') return a.surfaceForms.some((x) => b.surfaceForms.some((y) => isSamePerson(x, y)));
  if (a.kind === 'group') return fold(a.name) === fold(b.name);
  return isSameOrganization(a, b);
}

/**
 * Merge actors found in a new document into the known ones: same rules as within a
 * document. Surface forms and mentions are unioned (mention offsets stay relative to their
 * own document); the fuller name becomes canonical. Inputs are not modified.
 */
export function mergeActors(existing: readonly Actor[], found: readonly Actor[]): Actor[] {
  const out: Actor[] = existing.map((a) => ({ ...a, surfaceForms: [...a.surfaceForms], mentions: [...a.mentions], ...(a.titles ? { titles: [...a.titles] } : {}) }));
  const renamed = new Map<string, string>();
  for (const f of found) {
    const match = out.find((a) => sameActor(a, f));
    if (!match) {
      out.push({ ...f, surfaceForms: [...f.surfaceForms], mentions: [...f.mentions] });
      continue;
    }
    const before = match.id;
    for (const form of f.surfaceForms) if (!match.surfaceForms.includes(form)) match.surfaceForms.push(form);
    match.mentions.push(...f.mentions);
    match.acronym ??= f.acronym;
    match.countryCode ??= f.countryCode;
    match.partOf ??= f.partOf;
    for (const t of f.titles ?? []) if (!(match.titles ??= []).includes(t)) match.titles.push(t);
    const fuller = match.kind === 'person' ? wordCount(f.name) > wordCount(match.name) : !isAcronym(f.name) && f.name.length > match.name.length;
    if (fuller) {
      match.name = f.name;
      match.id = f.id;
    }
    renamed.set(f.id, match.id);
    if (before !== match.id) renamed.set(before, match.id);
  }
  for (const a of out) if (a.partOf && renamed.has(a.partOf)) a.partOf = renamed.get(a.partOf)!;
  return out;
}

/**
 * Blocking keys for finding merge candidates among many stored actors: two actors that
 * `mergeActors` would merge always share at least one key (same kind; a person's surname
 * initial — `isSameSurname` requires it; an organisation's folded forms, acronym, initials and
 * word prefixes; a group's folded name). Keys are coarse on purpose; the rules decide.
 */
export function matchKeys(actor: Pick<Actor, 'kind' | 'name' | 'surfaceForms' | 'acronym'>): string[] {
  const keys = new Set<string>();
  const forms = [actor.name, ...actor.surfaceForms];
  if (actor.kind === 'person') {
    for (const f of forms) {
      const words = nameWords(f);
      const last = words[words.length - 1];
      if (last) keys.add(`p:${fold(last).charAt(0)}`);
    }
  } else if (actor.kind === 'group') {
    for (const f of forms) keys.add(`g:${fold(f)}`);
  } else {
    if (actor.acronym) keys.add(`a:${actor.acronym}`);
    for (const f of forms) {
      keys.add(`o:${fold(f)}`);
      const i = initials(f);
      if (i) keys.add(`a:${i}`);
      if (isAcronym(f)) keys.add(`a:${f.replace(/\./g, '').toUpperCase()}`);
      for (const w of significantWords(f)) keys.add(`w:${w.slice(0, 3)}`);
    }
  }
  return [...keys];
}
