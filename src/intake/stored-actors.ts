/**
 * Actors across documents: a document's actors merged into `intake_actors` with `mergeActors`
 * (the same rules as within a document), found through blocking keys (`matchKeys`, GIN-indexed).
 */
import type { Db } from '../db/index.js';
import { matchKeys, mergeActors } from './text/actor-matching.js';
import type { Actor } from './text/actor-types.js';

interface ActorRow {
  id: string; slug: string; name: string; kind: Actor['kind']; surface_forms: string[]; acronym: string | null;
  part_of: string | null; country_code: string | null; titles: string[];
}

/** Blocking keys as stored: prefixed by kind, since only actors of one kind merge. */
function storedKeys(a: Actor): string[] {
  return matchKeys(a).map((k) => `${a.kind}|${k}`);
}

/**
 * Merges a document's actors into the stored ones with `mergeActors` (same rules as within a
 * document) and returns document actor id → stored actor uuid. Every surface form is kept.
 */
export async function mergeStoredActors(tx: Db, found: readonly Actor[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (found.length === 0) return map;
  const keys = [...new Set(found.flatMap((a) => matchKeys(a).map((k) => `${a.kind}|${k}`)))];
  const { rows } = await tx.query<ActorRow>(
    `SELECT id, slug, name, kind, surface_forms, acronym, part_of, country_code, titles FROM intake_actors
     WHERE match_keys && $1::text[] ORDER BY created_at, id FOR UPDATE`, [keys]);
  const uuidBySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const slugByUuid = new Map(rows.map((r) => [r.id, r.slug]));
  const existing: Actor[] = rows.map((r) => ({
    id: r.slug, name: r.name, kind: r.kind, surfaceForms: r.surface_forms, mentions: [],
    ...(r.acronym ? { acronym: r.acronym } : {}), ...(r.part_of && slugByUuid.has(r.part_of) ? { partOf: slugByUuid.get(r.part_of)! } : {}),
    ...(r.country_code ? { countryCode: r.country_code } : {}), ...(r.titles.length ? { titles: r.titles } : {}),
  }));
  const stripped = found.map((a) => ({ ...a, mentions: [] }));
  const merged = mergeActors(existing, stripped);
  const uuids: string[] = [];
  for (let i = 0; i < merged.length; i++) {
    const a = merged[i]!;
    if (i < rows.length) {
      const r = rows[i]!;
      uuids.push(r.id);
      const changed = r.slug !== a.id || r.name !== a.name || r.surface_forms.length !== a.surfaceForms.length || (r.acronym ?? undefined) !== a.acronym
        || (r.country_code ?? undefined) !== a.countryCode || r.titles.length !== (a.titles?.length ?? 0);
      if (changed) {
        await tx.query(`UPDATE intake_actors SET slug = $2, name = $3, surface_forms = $4, acronym = $5, country_code = $6, titles = $7, match_keys = $8, updated_at = now() WHERE id = $1`,
          [r.id, a.id, a.name, a.surfaceForms, a.acronym ?? null, a.countryCode ?? null, a.titles ?? [], storedKeys(a)]);
      }
    } else {
      const ins = await tx.query<{ id: string }>(
        `INSERT INTO intake_actors (slug, name, kind, surface_forms, acronym, country_code, titles, match_keys) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [a.id, a.name, a.kind, a.surfaceForms, a.acronym ?? null, a.countryCode ?? null, a.titles ?? [], storedKeys(a)]);
      uuids.push(ins.rows[0]!.id);
    }
    uuidBySlug.set(a.id, uuids[i]!);
  }
  // partOf refers to slugs; store the parent's uuid where it changed.
  for (let i = 0; i < merged.length; i++) {
    const a = merged[i]!;
    const parent = a.partOf ? uuidBySlug.get(a.partOf) : undefined;
    if (parent && parent !== uuids[i] && (i >= rows.length || rows[i]!.part_of !== parent)) {
      await tx.query(`UPDATE intake_actors SET part_of = $2 WHERE id = $1`, [uuids[i]!, parent]);
    }
  }
  // Which stored actor each document actor went into: the one holding all its spellings.
  for (const f of found) {
    const idx = merged.findIndex((m) => m.kind === f.kind && f.surfaceForms.every((s) => m.surfaceForms.includes(s)));
    if (idx >= 0) map.set(f.id, uuids[idx]!);
  }
  return map;
}
