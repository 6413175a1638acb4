/**
 * The web app's i18next instance, over the server's catalogs (src/i18n/catalogs/*.json): English is in the
 * main bundle (every missing key falls back to it), the other languages are loaded when chosen, one chunk each.
 * The language is the one chosen with the switcher (remembered in localStorage), else the browser's
 * (navigator.languages), else English; <html lang dir> follow it. The operator console stays in English.
 */
import i18next, { type i18n as I18n } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from '../../src/i18n/catalogs/en.json';
import { directionOf, resolveLanguage } from '../../src/i18n/languages';
import { sharedOptions } from '../../src/i18n/options';
import type { MessageLanguage } from '../../src/vocabulary';
import { dateIn } from './levels';

const remembered = 'warden.language';
const catalogFiles = import.meta.glob<object>(['../../src/i18n/catalogs/*.json', '!../../src/i18n/catalogs/en.json'], { import: 'default' });

export const i18n: I18n = i18next.createInstance();

async function loadCatalog(language: MessageLanguage): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  const file = catalogFiles[`../../src/i18n/catalogs/${language}.json`];
  if (file) i18n.addResourceBundle(language, 'translation', await file());
}

function markDocument(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

/** Before the first render: detects the language and loads its catalog. */
export async function startI18n(): Promise<void> {
  await i18n.use(LanguageDetector).use(initReactI18next).init({
    ...sharedOptions,
    resources: { en: { translation: en } },
    partialBundledLanguages: true,
    // Only a choice made with the switcher is remembered; the browser's language is read afresh each visit.
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: remembered, caches: [] },
  });
  await switchLanguage(resolveLanguage(i18n.language), false);
  englishOnly = i18n.cloneInstance({ lng: 'en' });
}

/** Switches the site's language; `remember` keeps it for the next visits (the switcher). */
export async function switchLanguage(language: MessageLanguage, remember = true): Promise<void> {
  await loadCatalog(language);
  await i18n.changeLanguage(language);
  markDocument(language);
  if (remember) localStorage.setItem(remembered, language);
}

/** The language the public pages are shown in: one of the vocabulary's message languages. */
export function currentLanguage(): MessageLanguage {
  return resolveLanguage(i18n.language);
}

/** The console's own instance: the same catalogs, always English, so a French browser still gets an English console. */
export let englishOnly: I18n = i18n;
export function markEnglish(): () => void {
  markDocument('en');
  return () => markDocument(currentLanguage());
}

/** formatDate (levels.ts) in the page's language, with its "UTC" suffix. */
export function useDate(): (iso: string | null | undefined) => string {
  const { t, i18n: current } = useTranslation();
  return useCallback((iso) => (iso ? t('site.utc', { date: dateIn(iso, current.language) }) : ''), [t, current.language]);
}

/** A country's name in the page's language (CLDR, in the browser); English pages keep the server's name. */
export function useCountryName(): (code: string | null | undefined, english: string) => string {
  const { i18n: current } = useTranslation();
  return useCallback((code, english) => {
    if (!code || current.language === 'en') return english;
    try { return new Intl.DisplayNames([current.language], { type: 'region' }).of(code.toUpperCase()) ?? english; } catch { return english; }
  }, [current.language]);
}
