import { recordAudit } from '../auth/audit.js';
import { hasRole, type Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { forbidden, invalid, invalidState, notFound } from '../errors.js';
import { getCountry, getSubdivision } from '../geo/index.js';
import { levelLabels, riskIndicators, type AdvisoryException, type AdvisoryInput, type AdvisoryView } from './schema.js';

/** Indicators in their conventional order (C T U H N E K D O), each once. */
const canonicalIndicators = (list: readonly string[]) => riskIndicators.filter((i) => list.includes(i));

interface AdvisoryRow {
  id: string; country_code: string; version: number; level: 1 | 2 | 3 | 4; indicators: string[]; title: string;
  summary: string; body: string; exceptions: AdvisoryException[]; state: AdvisoryView['state']; created_by: string | null;
  created_at: Date; published_at: Date | null; superseded_at: Date | null;
}

const columns = 'id, country_code, version, level, indicators, title, summary, body, exceptions, state, created_by, created_at, published_at, superseded_at';

/** A published (or since superseded) version with the published version it replaced (feeds and CAP). */
export type PublishedVersionRow = Pick<AdvisoryRow, 'country_code' | 'version' | 'level' | 'indicators' | 'title' | 'summary' | 'exceptions' | 'superseded_at'> & {
  state: 'published' | 'superseded';
  published_at: Date;
  prev_version: number | null;
  prev_published_at: Date | null;
};

/**
 * Named query: every published-or-superseded version with the version it replaced.
 * lag() runs after WHERE, so "previous" means the previous *published* version
 * (drafts that never went out are skipped).
 */
const PUBLISHED_VERSIONS = `
  SELECT country_code, version, level, indicators, title, summary, exceptions, state, published_at, superseded_at,
         lag(version) OVER w AS prev_version, lag(published_at) OVER w AS prev_published_at
    FROM advisories
   WHERE state IN ('published', 'superseded') AND published_at IS NOT NULL AND ($1::text IS NULL OR country_code = $1)
  WINDOW w AS (PARTITION BY country_code ORDER BY version)`;

/** Published versions, newest publication first; `endedAfter`: only those still in force then (review period `reviewDays`). */
export async function listPublishedVersionRows(
  db: Db, opts: { countryCode: string | null; limit?: number; endedAfter?: Date; reviewDays?: number },
): Promise<PublishedVersionRow[]> {
  const { rows } = await db.query<PublishedVersionRow>(
    `SELECT * FROM (${PUBLISHED_VERSIONS}) v
      WHERE $3::timestamptz IS NULL
         OR least(superseded_at, published_at + make_interval(days => $4::int)) > $3::timestamptz
      ORDER BY published_at DESC, country_code, version DESC LIMIT $2`,
    [opts.countryCode, opts.limit ?? 200, opts.endedAfter ?? null, opts.reviewDays ?? 0]);
  return rows;
}

/** A country's current published version, or one version of it (published or superseded). */
export async function publishedVersionRow(db: Db, countryCode: string, version?: number): Promise<PublishedVersionRow | undefined> {
  const { rows } = await db.query<PublishedVersionRow>(
    `SELECT * FROM (${PUBLISHED_VERSIONS}) v
      WHERE ($2::int IS NULL AND state = 'published') OR version = $2
      ORDER BY version DESC LIMIT 1`, [countryCode, version ?? null]);
  return rows[0];
}

export function presentAdvisory(row: AdvisoryRow): AdvisoryView {
  return {
    id: row.id, countryCode: row.country_code, countryName: getCountry(row.country_code)?.name ?? row.country_code,
    version: row.version, level: row.level, levelLabel: levelLabels[row.level], indicators: row.indicators,
    title: row.title, summary: row.summary, body: row.body, exceptions: row.exceptions, state: row.state,
    createdAt: row.created_at.toISOString(), publishedAt: row.published_at?.toISOString() ?? null,
    supersededAt: row.superseded_at?.toISOString() ?? null,
  };
}

/** When the newest advisory was published (feeds' Last-Modified). */
export async function lastAdvisoryPublishedAt(db: Db): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>('SELECT max(published_at) AS at FROM advisories');
  return rows[0]?.at ? new Date(rows[0].at) : null;
}

/** Whether any advisory exists (the demo loads its own on an empty database only). */
export async function hasAdvisories(db: Db): Promise<boolean> {
  return (await db.query('SELECT 1 FROM advisories LIMIT 1')).rows.length > 0;
}

/** The level of a country's published advisory, or null when it has none (an incident's suggested change). */
export async function currentAdvisoryLevel(db: Db, countryCode: string): Promise<number | null> {
  const { rows } = await db.query<{ level: number }>(`SELECT level FROM advisories WHERE country_code = $1 AND state = 'published'`, [countryCode]);
  return rows[0]?.level ?? null;
}

export function requireCountry(code: string, field = 'countryCode'): string {
  const upper = code.toUpperCase();
  if (!getCountry(upper)) throw invalid(field, `unknown country code ${code}`);
  return upper;
}

function checkExceptions(countryCode: string, input: AdvisoryInput): void {
  input.exceptions.forEach((e, i) => {
    if (!e.subdivisionCode) return;
    const sub = getSubdivision(e.subdivisionCode.toUpperCase());
    if (!sub || sub.countryCode !== countryCode) throw invalid(`exceptions[${i}].subdivisionCode`, `${e.subdivisionCode} is not a subdivision of ${countryCode}`);
  });
}

/** Every published version of every country's advisory, current first. */
export async function listCurrentAdvisories(db: Db): Promise<AdvisoryView[]> {
  const { rows } = await db.query<AdvisoryRow>(`SELECT ${columns} FROM advisories WHERE state = 'published' ORDER BY country_code`);
  return rows.map(presentAdvisory);
}

export async function getCurrentAdvisory(db: Db, code: string): Promise<AdvisoryView> {
  const cc = requireCountry(code);
  const { rows } = await db.query<AdvisoryRow>(`SELECT ${columns} FROM advisories WHERE country_code = $1 AND state = 'published'`, [cc]);
  if (!rows[0]) throw notFound(`published advisory for ${cc}`);
  return presentAdvisory(rows[0]);
}

/** The public history: every version ever published (current and superseded), newest first. */
export async function getAdvisoryHistory(db: Db, code: string): Promise<AdvisoryView[]> {
  const cc = requireCountry(code);
  const { rows } = await db.query<AdvisoryRow>(
    `SELECT ${columns} FROM advisories WHERE country_code = $1 AND state IN ('published', 'superseded') ORDER BY version DESC`, [cc]);
  return rows.map(presentAdvisory);
}

export async function listAdvisoryVersions(db: Db, code: string): Promise<AdvisoryView[]> {
  const cc = requireCountry(code);
  const { rows } = await db.query<AdvisoryRow>(`SELECT ${columns} FROM advisories WHERE country_code = $1 ORDER BY version DESC`, [cc]);
  return rows.map(presentAdvisory);
}

async function loadForUpdate(tx: Db, id: string): Promise<AdvisoryRow> {
  const { rows } = await tx.query<AdvisoryRow>(`SELECT ${columns} FROM advisories WHERE id = $1 FOR UPDATE`, [id]);
  if (!rows[0]) throw notFound('advisory');
  return rows[0];
}

/** A new draft version for a country (version = last + 1). */
export async function draftAdvisory(db: Db, actor: Actor, code: string, input: AdvisoryInput): Promise<AdvisoryView> {
  const cc = requireCountry(code);
  checkExceptions(cc, input);
  return db.tx(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7201100, hashtext($1))', [cc]);
    const { rows } = await tx.query<AdvisoryRow>(
      `INSERT INTO advisories (country_code, version, level, indicators, title, summary, body, exceptions, state, created_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7::jsonb, 'draft', $8 FROM advisories WHERE country_code = $1
       RETURNING ${columns}`,
      [cc, input.level, canonicalIndicators(input.indicators), input.title, input.summary, input.body, JSON.stringify(input.exceptions), actor.id]);
    const advisory = presentAdvisory(rows[0]!);
    await recordAudit(tx, actor, { action: 'advisory.draft', entity: 'advisory', entityId: advisory.id, after: advisory });
    return advisory;
  });
}

export async function submitAdvisory(db: Db, actor: Actor, id: string): Promise<AdvisoryView> {
  return db.tx(async (tx) => {
    const row = await loadForUpdate(tx, id);
    if (row.state !== 'draft') throw invalidState(`only a draft can be submitted; this version is ${row.state}`);
    const { rows } = await tx.query<AdvisoryRow>(`UPDATE advisories SET state = 'pending_approval', submitted_at = now() WHERE id = $1 RETURNING ${columns}`, [id]);
    const after = presentAdvisory(rows[0]!);
    await recordAudit(tx, actor, { action: 'advisory.submit', entity: 'advisory', entityId: id, before: { state: row.state }, after: { state: after.state } });
    return after;
  });
}

/** The demo replays a past case: its versions carry the case's publication time instead of now. */
interface PublishedAt { publishedAt?: string }

/**
 * Publishes a pending version and supersedes the current one, atomically.
 * Two-person rule: someone other than the author must approve a Level 4 advisory, and any version that
 * lowers the level from 3 or 4 (an "all clear" over "do not travel" is as consequential as the warning).
 */
export async function publishAdvisory(db: Db, actor: Actor, id: string, opts: PublishedAt = {}): Promise<AdvisoryView> {
  if (!hasRole(actor, 'approver')) throw forbidden('publishing an advisory needs the approver role');
  return db.tx(async (tx) => {
    const row = await loadForUpdate(tx, id);
    if (row.state !== 'pending_approval') throw invalidState(`only a version pending approval can be published; this version is ${row.state}`);
    const byAuthor = row.created_by !== null && row.created_by === actor.id;
    if (row.level === 4 && byAuthor) throw forbidden('a Level 4 advisory needs approval by a second operator');
    const previous = await tx.query<{ id: string; version: number; level: number }>(
      `UPDATE advisories SET state = 'superseded', superseded_at = now() WHERE country_code = $1 AND state = 'published' RETURNING id, version, level`, [row.country_code]);
    const from = previous.rows[0]?.level ?? 0;
    if (from >= 3 && row.level < from && byAuthor) throw forbidden(`lowering an advisory from Level ${from} to Level ${row.level} needs approval by a second operator`);
    const { rows } = await tx.query<AdvisoryRow>(
      `UPDATE advisories SET state = 'published', published_at = coalesce($3::timestamptz, now()), published_by = $2 WHERE id = $1 RETURNING ${columns}`,
      [id, actor.id, opts.publishedAt ?? null]);
    const after = presentAdvisory(rows[0]!);
    await recordAudit(tx, actor, {
      action: 'advisory.publish', entity: 'advisory', entityId: id,
      before: previous.rows[0] ? { id: previous.rows[0].id, version: previous.rows[0].version } : null, after: { version: after.version, level: after.level, indicators: after.indicators },
    });
    return after;
  });
}

/** Draft, submit and publish in one go: the host administrator's path (CLI, demo loader). Audited as such. */
export async function setAdvisoryDirectly(db: Db, actor: Actor, code: string, input: AdvisoryInput, opts: PublishedAt = {}): Promise<AdvisoryView> {
  return db.tx(async (tx) => {
    const draft = await draftAdvisory(tx, actor, code, input);
    await submitAdvisory(tx, actor, draft.id);
    return publishAdvisory(tx, { ...actor, id: null }, draft.id, opts);
  });
}
