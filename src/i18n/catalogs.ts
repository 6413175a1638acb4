/**
 * Every catalog, for the server and the tests (the web app loads them one at a time: web/src/i18n.ts).
 * One JSON file per language in ./catalogs; English is the reference every other catalog must match.
 */
import type { MessageLanguage } from '../vocabulary.js';
import ar from './catalogs/ar.json' with { type: 'json' };
import en from './catalogs/en.json' with { type: 'json' };
import es from './catalogs/es.json' with { type: 'json' };
import fr from './catalogs/fr.json' with { type: 'json' };
import draftAr from './catalogs/draft/ar.json' with { type: 'json' };
import draftEn from './catalogs/draft/en.json' with { type: 'json' };
import draftEs from './catalogs/draft/es.json' with { type: 'json' };
import draftFr from './catalogs/draft/fr.json' with { type: 'json' };

export type Catalog = typeof en;

/** The key set is checked by test/foundation/i18n-catalogs.test.ts, not by the type: a missing key must fall back, not fail to build. */
export const catalogs: Record<MessageLanguage, object> = { en, fr, es, ar };

/** The `draft` namespace: what intake's draft alerts tell travellers (server only; the web app does not load it). */
export const draftCatalogs: Record<MessageLanguage, object> = { en: draftEn, fr: draftFr, es: draftEs, ar: draftAr };

/** The English draft catalog's shape: its kind and level keys are checked against the taxonomy (src/intake/text/draft-instructions.ts). */
export type DraftCatalog = typeof draftEn;
