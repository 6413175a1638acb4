/**
 * ISO 3166-2 subdivisions from the @koshmoney/countries package (MIT; ISO 3166-2 codes, names and
 * categories). Its data is copied once into our own objects, so callers can never change the
 * package's shared records, and looked up by our own maps.
 */
import { allSubdivisions } from '@koshmoney/countries';
import { normalizePlaceName } from './normalize.js';

export interface Subdivision {
  /** Full ISO 3166-2 code, e.g. "IQ-BG". */
  code: string;
  countryCode: string;
  name: string;
  /** The ISO category, e.g. "Governorate", "Province", "State". */
  type: string;
}

interface SubdivisionData {
  byCode: Map<string, Subdivision>;
  byCountry: Map<string, Subdivision[]>;
}

let cache: SubdivisionData | undefined;

function subdivisionData(): SubdivisionData {
  cache ??= loadSubdivisions();
  return cache;
}

function loadSubdivisions(): SubdivisionData {
  const byCode = new Map<string, Subdivision>();
  const byCountry = new Map<string, Subdivision[]>();
  for (const s of allSubdivisions()) {
    const subdivision = { code: s.code, countryCode: s.countryCode, name: s.name, type: s.type };
    byCode.set(subdivision.code, subdivision);
    const list = byCountry.get(subdivision.countryCode) ?? [];
    list.push(subdivision);
    byCountry.set(subdivision.countryCode, list);
  }
  for (const list of byCountry.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return { byCode, byCountry };
}

/** Look up by full code ("IQ-BG", case-insensitive). */
export function getSubdivision(code: string): Subdivision | undefined {
  return subdivisionData().byCode.get(code.trim().toUpperCase());
}

/** Every subdivision of a country (all levels ISO lists), sorted by code; [] for unknown countries. */
export function listSubdivisions(countryCode: string): Subdivision[] {
  return [...(subdivisionData().byCountry.get(countryCode.trim().toUpperCase()) ?? [])];
}

/**
 * Finds a subdivision by name, ignoring case, accents and punctuation
 * ("baghdad" → IQ-BG "Baghdād"). A leading Arabic article is optional on
 * either side, so "Basrah" finds "Al Başrah" and "Anbar" finds "Al Anbār".
 */
export function findSubdivisionByName(countryCode: string, name: string): Subdivision | undefined {
  const wanted = nameKeys(name);
  if (wanted.size === 0) return undefined;
  return listSubdivisions(countryCode).find((s) => [...nameKeys(s.name)].some((key) => wanted.has(key)));
}

const ARABIC_ARTICLE = /^(?:al|an|as|ad|ar|at|az|ash|ath|adh|el) /;

/** The normalised name, plus the same without a leading Arabic article. */
export function nameKeys(name: string): Set<string> {
  const key = normalizePlaceName(name);
  if (key === '') return new Set();
  return new Set([key, key.replace(ARABIC_ARTICLE, '')]);
}
