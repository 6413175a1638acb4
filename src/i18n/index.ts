/**
 * The server's translator: one i18next instance over every catalog, initialised synchronously at import.
 * `translator(language)` gives the `t` of a traveller's stored language (any tag; unknown ones → English).
 */
import i18next, { type TFunction } from 'i18next';
import { catalogs, draftCatalogs } from './catalogs.js';
import { resolveLanguage } from './languages.js';
import { sharedOptions } from './options.js';

const instance = i18next.createInstance();
void instance.init({
  ...sharedOptions,
  lng: 'en',
  initAsync: false,
  resources: Object.fromEntries(Object.entries(catalogs).map(([language, catalog]) =>
    [language, { translation: catalog, draft: draftCatalogs[language as keyof typeof draftCatalogs] }])),
});

export function translator(language: string | null | undefined): TFunction {
  return instance.getFixedT(resolveLanguage(language));
}

/** The `t` of intake's draft phrases (the `draft` namespace) in a language. */
export function draftTranslator(language: string | null | undefined): TFunction<'draft'> {
  return instance.getFixedT(resolveLanguage(language), 'draft');
}

export { directionOf, resolveLanguage } from './languages.js';
