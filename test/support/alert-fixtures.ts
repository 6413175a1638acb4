/** Travellers and alerts for alert and delivery tests, written with set-based SQL. */
import { systemActor, type Actor } from '../../src/auth/roles.js';
import type { Db } from '../../src/db/index.js';
import { publishAlert } from '../../src/alerts/publish.js';
import type { AlertInput } from '../../src/alerts/schema.js';
import { alertInput } from '../../src/alerts/schema.js';
import { composeAlert, submitAlert } from '../../src/alerts/service.js';

export interface TravellerSpec { tag: string; country: string; lat?: number; lon?: number; language?: string; optedOut?: boolean; channels?: ('email' | 'sms' | 'webhook')[]; endsAt?: string | null; startsAt?: string }

/** Inserts travellers (e-mail `<tag>@t.test`), one trip each; returns tag → traveller id. */
export async function addTravellers(db: Db, specs: TravellerSpec[]): Promise<Map<string, string>> {
  const rows = specs.map((s) => ({ tag: s.tag, language: s.language ?? 'en', opted_out: s.optedOut ?? false }));
  const { rows: ids } = await db.query<{ id: string; tag: string }>(
    `INSERT INTO travellers (full_name, language, consent_at, opted_out_at, external_ref)
     SELECT 'Traveller ' || r.tag, r.language, now(), CASE WHEN r.opted_out THEN now() END, r.tag
       FROM jsonb_to_recordset($1::jsonb) AS r(tag text, language text, opted_out boolean)
     RETURNING id, external_ref AS tag`, [JSON.stringify(rows)]);
  const byTag = new Map(ids.map((r) => [r.tag, r.id]));
  const contacts = specs.flatMap((s) => (s.channels ?? ['email']).map((channel) => ({
    traveller_id: byTag.get(s.tag), channel, address: channel === 'email' ? `${s.tag}@t.test` : channel === 'sms' ? `+4470000${String(specs.indexOf(s)).padStart(5, '0')}` : `http://127.0.0.1:9/${s.tag}`,
  })));
  await db.query(`INSERT INTO contact_points (traveller_id, channel, address) SELECT traveller_id, channel, address FROM jsonb_to_recordset($1::jsonb) AS r(traveller_id uuid, channel text, address text)`, [JSON.stringify(contacts)]);
  const trips = specs.map((s) => ({ traveller_id: byTag.get(s.tag), country_code: s.country, lat: s.lat ?? null, lon: s.lon ?? null,
    starts_at: s.startsAt ?? new Date(Date.now() - 86_400_000).toISOString(), ends_at: s.endsAt === undefined ? new Date(Date.now() + 30 * 86_400_000).toISOString() : s.endsAt }));
  await db.query(`INSERT INTO trips (traveller_id, country_code, place_name, lat, lon, starts_at, ends_at)
     SELECT traveller_id, country_code, country_code, lat, lon, starts_at, ends_at FROM jsonb_to_recordset($1::jsonb) AS r(traveller_id uuid, country_code text, lat float8, lon float8, starts_at timestamptz, ends_at timestamptz)`, [JSON.stringify(trips)]);
  return byTag;
}

/** `count` travellers in one country with e-mail `bulk<n>@t.test`, in one statement. */
export async function addBulkTravellers(db: Db, country: string, count: number, prefix = 'bulk'): Promise<void> {
  await db.query(`INSERT INTO travellers (id, full_name, consent_at, external_ref)
    SELECT gen_random_uuid(), 'Bulk ' || n, now(), $2::text || n FROM generate_series(1, $1::int) n`, [count, prefix]);
  await db.query(`INSERT INTO contact_points (traveller_id, channel, address)
    SELECT id, 'email', external_ref || '@t.test' FROM travellers WHERE external_ref LIKE $1 || '%'`, [prefix]);
  await db.query(`INSERT INTO trips (traveller_id, country_code, place_name, starts_at, ends_at)
    SELECT id, $2::text, $2::text, now() - interval '1 day', NULL FROM travellers WHERE external_ref LIKE $1 || '%'`, [prefix, country]);
}

export function alertBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'security_alert', sender: 'Embassy Baghdad', area: { countries: ['IQ'] },
    expires: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    infos: [{ language: 'en', event: 'Armed clashes', headline: 'Depart Iraq immediately', description: 'Armed groups attacked sites in Baghdad.', instruction: 'Depart Iraq immediately.\nDo not approach the Embassy.' },
      { language: 'fr', event: 'Affrontements', headline: 'Quittez l’Irak immédiatement', description: 'Des groupes armés ont attaqué.', instruction: 'Quittez l’Irak immédiatement.' }],
    ...overrides,
  };
}

/** Compose, submit and publish as the system (bench, kill test). */
export async function publishNow(db: Db, body: Record<string, unknown>, actor: Actor = systemActor('test')) {
  const input: AlertInput = alertInput.parse(body);
  const draft = await composeAlert(db, actor, input);
  await submitAlert(db, actor, draft.id);
  return publishAlert(db, { ...actor, id: null }, draft.id);
}
