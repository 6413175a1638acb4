/**
 * ISO 3166-2 subdivisions from the iso-3166-2 package. Its data is read once
 * into our own objects: the package's look-up functions mutate its shared
 * records, and its subdivision() answers `{}` for some malformed input.
 */
import { createRequire } from 'node:module';
import { normalizePlaceName } from './normalize.js';

export interface Subdivision {
  /** Full ISO 3166-2 code, e.g. "IQ-BG". */
  code: string;
  countryCode: string;
  name: string;
  /** The package's category, e.g. "Governorate", "Province", "state". */
  type: string;
}

interface IsoPackageData {
  data: Record<string, { name: string; sub: Record<string, { type: string; name: string }> }>;
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
  const { data } = createRequire(import.meta.url)('iso-3166-2') as IsoPackageData;
  const byCode = new Map<string, Subdivision>();
  const byCountry = new Map<string, Subdivision[]>();
  for (const [countryCode, country] of Object.entries(data)) {
    const list = Object.entries(country.sub)
      .map(([code, sub]) => ({ code, countryCode, name: sub.name, type: sub.type }))
      .sort((a, b) => a.code.localeCompare(b.code));
    for (const subdivision of list) byCode.set(subdivision.code, subdivision);
    byCountry.set(countryCode, list);
  }
  return { byCode, byCountry };
}

/** Look up by full code ("IQ-BG", case-insensitive). */
export function getSubdivision(code: string): Subdivision | undefined {
  return subdivisionData().byCode.get(code.trim().toUpperCase());
}

/** Every subdivision of a country (all levels the package lists), sorted by code; [] for unknown countries. */
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
