import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../src/intake/text/actor-types.js';
import { matchKeys, mergeActors } from '../../src/intake/text/actor-matching.js';
import { parseDocuments } from '../../src/intake/text/document-parsers.js';
import { extract } from '../../src/intake/text/extract.js';

const scenarioPath = fileURLToPath(new URL('../../../shared/scenario/baghdad-2020-01-03.txt', import.meta.url));
const [doc] = await parseDocuments(readFileSync(scenarioPath));
const actors = extract(doc!, { sites: [] }).actors;
const shares = (a: string[], b: string[]) => a.some((k) => b.includes(k));

test('matchKeys: every spelling of an actor, taken alone, shares a blocking key with the merged actor', () => {
  let checked = 0;
  for (const a of actors) {
    for (const form of a.surfaceForms) {
      const single: Actor = { id: 'x', name: form, kind: a.kind, surfaceForms: [form], mentions: [], ...(/^[A-Z]{2,6}$/.test(form) ? { acronym: form } : {}) };
      assert.ok(shares(matchKeys(single), matchKeys(a)), `${form} → ${a.name}`);
      // and the rules agree: merging the lone spelling into the actor adds nothing new
      if (a.kind === 'person') assert.equal(mergeActors([a], [single]).length, 1, `${form} merges into ${a.name}`);
      checked++;
    }
  }
  assert.ok(checked >= 15, `${checked} spellings`);
});

test('matchKeys: unrelated actors do not share keys, so they are never compared', () => {
  const byName = (n: string) => actors.find((a) => a.name === n)!;
  assert.ok(!shares(matchKeys(byName('Qassem Soleimani')), matchKeys(byName('Donald Trump'))));
  assert.ok(!shares(matchKeys(byName('Pentagon')), matchKeys(byName('State Department'))));
  const militias = matchKeys(byName('Iranian-backed militias'));
  assert.ok(militias.includes('g:iranian-backed militias') && militias.every((k) => k.startsWith('g:iranian-backed militia')), militias.join());
});
