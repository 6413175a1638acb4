/**
 * The catalogs (src/i18n/catalogs/*.json): one per language of the vocabulary's messageLanguages, each with every
 * key English has (a missing key would fall back to English in front of a French or Arabic reader), no key English
 * lacks, the same {{placeholders}}, and every key the code asks for present in English.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import i18next from 'i18next';
import { catalogs, draftCatalogs } from '../../src/i18n/catalogs.js';
import { sharedOptions } from '../../src/i18n/options.js';
import { draftTranslator, translator } from '../../src/i18n/index.js';
import { messageLanguages } from '../../src/vocabulary.js';

type Tree = { [key: string]: string | Tree };

/** "a.b.c" → its text, for every leaf. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const english = leaves(catalogs.en as Tree);
/** The two namespaces: the pages' and messages' catalogs, and intake's draft phrases (server only). */
const namespaces = [
  { name: 'translation', folder: 'catalogs', files: catalogs },
  { name: 'draft', folder: 'catalogs/draft', files: draftCatalogs },
] as const;

describe('i18n catalogs', () => {
  for (const namespace of namespaces) {
    const reference = leaves(namespace.files.en as Tree);
    it(`${namespace.name}: has one catalog file per message language of the vocabulary, and no other`, () => {
      const files = readdirSync(join(import.meta.dirname, '../../src/i18n', namespace.folder)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
      assert.deepEqual(files, [...messageLanguages].sort());
      assert.deepEqual(Object.keys(namespace.files).sort(), [...messageLanguages].sort());
    });

    for (const language of messageLanguages.filter((l) => l !== 'en')) {
      it(`${namespace.name}, ${language}: every key English has, no other, with the same placeholders, translated`, () => {
        const theirs = leaves(namespace.files[language] as Tree);
        const missing = [...reference.keys()].filter((k) => !theirs.has(k));
        assert.deepEqual(missing, [], `${language}.json lacks keys English has`);
        const extra = [...theirs.keys()].filter((k) => !reference.has(k));
        assert.deepEqual(extra, [], `${language}.json has keys English lacks`);
        for (const [key, text] of reference) assert.deepEqual(placeholders(theirs.get(key)!), placeholders(text), `${language}: ${key} placeholders`);
        const empty = [...theirs].filter(([key, text]) => !text.trim() && reference.get(key)!.trim());
        assert.deepEqual(empty, [], `${language}: empty translations`);
      });
    }
  }

  it('the draft namespace is read in the traveller\'s language, with its placeholders filled', () => {
    assert.equal(draftTranslator('fr')('depart', { countries: 'l’Irak' }), 'Quittez l’Irak immédiatement si vous pouvez le faire en sécurité.');
    assert.equal(draftTranslator('ar-IQ')('kind.coup'), (draftCatalogs.ar as { kind: { coup: string } }).kind.coup);
    assert.equal(draftTranslator('de')('checkIn'), 'Tell us you are safe when asked.');
  });

  it('a missing key falls back to English, with the options the server and the web app share', async () => {
    assert.equal(translator('fr')('checkin.send'), 'Envoyer');
    assert.equal(translator('de')('checkin.send'), 'Send', 'a language without a catalog reads English');
    // A French catalog that has not caught up with English: the reader gets the English text, never the key.
    const partial = i18next.createInstance();
    await partial.init({ ...sharedOptions, initAsync: false, lng: 'fr-CA',
      resources: { en: { translation: catalogs.en }, fr: { translation: { checkin: { send: 'Envoyer' } } } } });
    assert.equal(partial.t('checkin.send'), 'Envoyer');
    assert.equal(partial.t('checkin.title'), 'Check in');
  });

  it('every literal key the code asks for (t(\'…\')) is in the English catalog', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : []));
    const root = join(import.meta.dirname, '../..');
    const sources = [...files(join(root, 'src')), ...files(join(root, 'web/src'))];
    const groups = new Set([...english.keys()].map((k) => k.split('.')[0]));
    const asked = sources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.]+)'/g)].map((m) => ({ file, key: m[1]! })))
      .filter(({ key }) => groups.has(key.split('.')[0]));
    assert.ok(asked.length > 100, `found the keys in use (${asked.length})`);
    const unknown = asked.filter(({ key }) => !english.has(key) && ![...english.keys()].some((k) => k.startsWith(`${key}.`)));
    assert.deepEqual(unknown, []);
  });
});
