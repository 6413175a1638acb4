/**
 * The i18next settings the server (src/i18n/index.ts) and the web app (web/src/i18n.ts) share, so a
 * message falls back, interpolates and resolves its language the same way on both.
 */
import type { InitOptions } from 'i18next';
import { messageLanguages } from '../vocabulary.js';
import { defaultLanguage } from './languages.js';

export const sharedOptions: InitOptions = {
  supportedLngs: [...messageLanguages],
  // A key missing from a catalog falls back to English (test/foundation/i18n-catalogs.test.ts fails the build first).
  fallbackLng: defaultLanguage,
  // "fr-CA" finds the "fr" catalog.
  nonExplicitSupportedLngs: true,
  load: 'languageOnly',
  // Callers escape for their output (HTML pages, e-mail) and React escapes by itself.
  interpolation: { escapeValue: false },
  returnNull: false,
};
