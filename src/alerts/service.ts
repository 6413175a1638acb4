/**
 * Alerts: compose, submit, draft an Update or a Cancel, dry-run. Publishing is in publish.ts.
 * States: draft → pending_approval → published; a published alert becomes 'updated' or
 * 'cancelled' when an Update or Cancel that references it is published. Review (reject,
 * withdraw) is in review.ts.
 */
import { recordAudit } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { invalid, invalidState } from '../errors.js';
import { resolveArea, type ResolvedArea } from '../geo/area.js';
import type { AlertInput, AlertState, AlertView, CancelInput, DryRunView, MsgType } from './schema.js';
import { processSettings } from '../process-settings.js';
import { alertColumns, loadAlert, type AlertRow } from './store.js';
import { countTargets, summarize, type Targeting } from './targeting.js';


export function presentAlert(r: AlertRow): AlertView {
  return {
    id: r.id, kind: r.kind, msgType: r.msg_type, status: r.status, scope: r.scope, categories: r.categories,
    urgency: r.urgency, severity: r.severity, certainty: r.certainty, sender: r.sender,
    effective: r.effective.toISOString(), expires: r.expires?.toISOString() ?? null, area: r.area,
    areaDescription: r.area_description, infos: r.infos, assistance: r.assistance, asksCheckin: r.asks_checkin,
    references: r.references_id, state: r.state, recipientCount: r.recipient_count, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), submittedAt: r.submitted_at?.toISOString() ?? null,
    publishedAt: r.published_at?.toISOString() ?? null, publishedBy: r.published_by, capInfo: r.cap_info,
    rejection: r.rejected_at ? { reason: r.rejected_reason ?? '', by: r.rejected_by_name, at: r.rejected_at.toISOString() } : null,
    withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
  };
}

/**
 * Checks what zod cannot: dates in order, languages unique, the area resolvable. Throws naming the field.
 * `now` is the present, or the moment a replayed case stood at (the demo's model case, src/demo).
 */
export async function checkInput(db: Db, input: AlertInput, now = new Date()): Promise<{ effective: Date; expires: Date | null; area: ResolvedArea }> {
  const effective = input.effective ? new Date(input.effective) : now;
  const expires = input.expires ? new Date(input.expires) : null;
  if (expires && expires <= effective) throw invalid('expires', 'must be after effective');
  if (expires && expires <= now) throw invalid('expires', 'is already in the past');
  const seen = new Set<string>();
  input.infos.forEach((info, i) => {
    if (seen.has(info.language)) throw invalid(`infos[${i}].language`, `a second info block in ${info.language}`);
    seen.add(info.language);
  });
  return { effective, expires, area: await resolveArea(db, input.area, 'area') };
}


export async function getAlert(db: Db, id: string): Promise<AlertView> {
  return presentAlert(await loadAlert(db, id));
}

export async function listAlerts(db: Db, opts: { state?: AlertState; limit: number }): Promise<AlertView[]> {
  const { rows } = await db.query<AlertRow>(
    `SELECT ${alertColumns} FROM alerts WHERE ($1::text IS NULL OR state = $1) ORDER BY created_at DESC LIMIT $2`, [opts.state ?? null, opts.limit]);
  return rows.map(presentAlert);
}

async function insertAlert(tx: Db, actor: Actor, values: {
  input: AlertInput; msgType: MsgType; effective: Date; expires: Date | null; areaDescription: string; references: string | null; area: AlertInput['area'] | null;
}): Promise<AlertView> {
  const { input } = values;
  const { rows } = await tx.query<AlertRow>(
    `INSERT INTO alerts (kind, msg_type, status, scope, categories, urgency, severity, certainty, sender, effective, expires,
       area, area_description, infos, assistance, asks_checkin, references_id, state, created_by, cap_info)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14::jsonb, $15::jsonb, $16, $17, 'draft', $18, $19::jsonb)
     RETURNING ${alertColumns}`,
    [input.kind, values.msgType, input.status, input.scope, input.categories, input.urgency, input.severity, input.certainty, input.sender,
      values.effective, values.expires, JSON.stringify(values.area ?? {}), values.areaDescription, JSON.stringify(input.infos),
      JSON.stringify(input.assistance), input.asksCheckin, values.references, actor.id, JSON.stringify(input.capInfo ?? {})]);
  const alert = presentAlert(rows[0]!);
  await recordAudit(tx, actor, { action: `alert.draft${values.msgType === 'Alert' ? '' : `.${values.msgType.toLowerCase()}`}`, entity: 'alert', entityId: alert.id, after: alert });
  return alert;
}

export async function composeAlert(db: Db, actor: Actor, input: AlertInput, opts: { asOf?: string } = {}): Promise<AlertView> {
  const checked = await checkInput(db, input, opts.asOf ? new Date(opts.asOf) : undefined);
  return db.tx((tx) => insertAlert(tx, actor, { input, msgType: 'Alert', ...checked, areaDescription: checked.area.description, references: null, area: input.area }));
}

/**
 * Replaces the content of a draft (a new one, or one an approver sent back). A Cancel's content is
 * derived from its original, so it is not edited: withdraw it and draft another.
 */
export async function editDraft(db: Db, actor: Actor, id: string, input: AlertInput): Promise<AlertView> {
  const checked = await checkInput(db, input);
  return db.tx(async (tx) => {
    const row = await loadAlert(tx, id, true);
    if (row.state !== 'draft') throw invalidState(`only a draft can be edited; this alert is ${row.state}`);
    if (row.msg_type === 'Cancel') throw invalidState('a Cancel is not edited: withdraw it and draft another');
    const { rows } = await tx.query<AlertRow>(
      `UPDATE alerts SET kind = $2, status = $3, scope = $4, categories = $5, urgency = $6, severity = $7, certainty = $8, sender = $9,
         effective = $10, expires = $11, area = $12::jsonb, area_description = $13, infos = $14::jsonb, assistance = $15::jsonb,
         asks_checkin = $16, cap_info = $17::jsonb
       WHERE id = $1 RETURNING ${alertColumns}`,
      [id, input.kind, input.status, input.scope, input.categories, input.urgency, input.severity, input.certainty, input.sender,
        checked.effective, checked.expires, JSON.stringify(input.area), checked.area.description, JSON.stringify(input.infos),
        JSON.stringify(input.assistance), input.asksCheckin, JSON.stringify(input.capInfo ?? {})]);
    const after = presentAlert(rows[0]!);
    await recordAudit(tx, actor, { action: 'alert.edit', entity: 'alert', entityId: id, before: presentAlert(row), after });
    return after;
  });
}

/** Only the current version of a published alert can be updated or cancelled. */
async function replaceable(db: Db, id: string): Promise<AlertRow> {
  const original = await loadAlert(db, id);
  if (original.state !== 'published') throw invalidState(`only a published alert can be updated or cancelled; this alert is ${original.state}`);
  if (original.msg_type === 'Cancel') throw invalidState('a Cancel cannot itself be updated or cancelled');
  return original;
}

/** Drafts an Update of a published alert: new content, reaching the original's recipients and anyone now in the area. */
export async function draftUpdate(db: Db, actor: Actor, id: string, input: AlertInput): Promise<AlertView> {
  const original = await replaceable(db, id);
  const checked = await checkInput(db, input);
  return db.tx((tx) => insertAlert(tx, actor, { input, msgType: 'Update', ...checked, areaDescription: checked.area.description, references: original.id, area: input.area }));
}

/** Drafts a Cancel: the original's content marked cancelled, to the original's recipients only. */
export async function draftCancel(db: Db, actor: Actor, id: string, input: CancelInput): Promise<AlertView> {
  const original = await replaceable(db, id);
  const infos = input.infos?.map((info, i) => {
    const base = original.infos.find((o) => o.language === info.language);
    if (!base && i === 0 && !info.event) throw invalid(`infos[${i}].event`, 'required for a language the original does not have');
    return { ...info, event: info.event ?? base?.event ?? original.infos[0]!.event, instruction: info.instruction ?? 'No further action is needed for this alert.' };
  }) ?? original.infos.map((o) => ({ ...o, headline: `Cancelled: ${o.headline}`.slice(0, 160), instruction: 'This alert is cancelled. No further action is needed for it.' }));
  const languages = new Set<string>();
  infos.forEach((info, i) => { if (languages.has(info.language)) throw invalid(`infos[${i}].language`, `a second info block in ${info.language}`); languages.add(info.language); });
  const input2: AlertInput = {
    kind: original.kind, status: original.status, scope: original.scope, categories: original.categories as AlertInput['categories'],
    urgency: 'Past', severity: 'Minor', certainty: 'Observed', sender: original.sender, area: original.area as AlertInput['area'],
    infos, assistance: original.assistance, asksCheckin: false,
  };
  return db.tx((tx) => insertAlert(tx, actor, {
    input: input2, msgType: 'Cancel', effective: new Date(), expires: null, areaDescription: original.area_description, references: original.id, area: null,
  }));
}

export async function submitAlert(db: Db, actor: Actor, id: string): Promise<AlertView> {
  return db.tx(async (tx) => {
    const row = await loadAlert(tx, id, true);
    if (row.state !== 'draft') throw invalidState(`only a draft can be submitted; this alert is ${row.state}`);
    const { rows } = await tx.query<AlertRow>(
      `UPDATE alerts SET state = 'pending_approval', submitted_at = now(), submitted_by = $2 WHERE id = $1 RETURNING ${alertColumns}`, [id, actor.id]);
    await recordAudit(tx, actor, { action: 'alert.submit', entity: 'alert', entityId: id, before: { state: row.state }, after: { state: 'pending_approval' } });
    return presentAlert(rows[0]!);
  });
}

/** What the targeting of a stored alert is: its own area (none for a Cancel) plus the referenced alert's recipients. */
export async function targetingOf(db: Db, row: AlertRow): Promise<Targeting> {
  const area = row.msg_type === 'Cancel' || !row.area ? null : await resolveArea(db, row.area, 'area');
  return { area, from: row.effective, to: row.expires, referencesId: row.references_id };
}

/** WARDEN_TWO_PERSON_THRESHOLD (src/config.ts, applied to the process by buildApp and the CLI). */
export function twoPersonThreshold(): number {
  return processSettings().twoPerson.threshold;
}

/**
 * WARDEN_TWO_PERSON_WINDOW_HOURS: the window over which the threshold adds up the people that alerts sent by
 * one operator alone reached in a country, so a large send split into small alerts still needs the second person.
 */
export function twoPersonWindowHours(): number {
  return processSettings().twoPerson.windowHours;
}

export async function dryRunInput(db: Db, input: AlertInput): Promise<DryRunView> {
  const checked = await checkInput(db, input);
  const counts = await countTargets(db, { area: checked.area, from: checked.effective, to: checked.expires, referencesId: null });
  return { ...counts, areaDescription: checked.area.description, needsSecondApprover: counts.people > twoPersonThreshold(), summary: summarize(counts) };
}

export async function dryRunAlert(db: Db, id: string): Promise<DryRunView> {
  const row = await loadAlert(db, id);
  const counts = await countTargets(db, await targetingOf(db, row));
  return { ...counts, areaDescription: row.area_description, needsSecondApprover: counts.people > twoPersonThreshold(), summary: summarize(counts) };
}
