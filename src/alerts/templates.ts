/**
 * Alert templates: saved starting points per kind ("Depart immediately", "Shelter in place"), one
 * info block per language. The defaults ship in migration 0019. Editors write them; every write is
 * audited. A template is copied into the composer, never referenced by an alert.
 */
import { recordAudit } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { conflict, invalid, isUniqueViolation, notFound } from '../errors.js';
import type { AlertKind } from '../vocabulary.js';
import type { TemplateInput, TemplateView } from './schema.js';

interface TemplateRow {
  id: string; kind: AlertKind; name: string; urgency: TemplateInput['urgency']; severity: TemplateInput['severity'];
  certainty: TemplateInput['certainty']; infos: TemplateInput['infos']; created_by: string | null; updated_at: Date;
}
const columns = 'id, kind, name, urgency, severity, certainty, infos, created_by, updated_at';

function present(r: TemplateRow): TemplateView {
  return { id: r.id, kind: r.kind, name: r.name, urgency: r.urgency, severity: r.severity, certainty: r.certainty, infos: r.infos, createdBy: r.created_by, updatedAt: r.updated_at.toISOString() };
}

function checkLanguages(input: TemplateInput): void {
  const seen = new Set<string>();
  input.infos.forEach((info, i) => {
    if (seen.has(info.language)) throw invalid(`infos[${i}].language`, `a second info block in ${info.language}`);
    seen.add(info.language);
  });
}

/** (kind, name) is unique: a second "Shelter in place" for security alerts is a conflict, not a copy. */
async function written(work: () => Promise<TemplateView>): Promise<TemplateView> {
  try { return await work(); } catch (error) {
    if (isUniqueViolation(error)) throw conflict('name', 'a template of this kind already has this name');
    throw error;
  }
}

export async function listTemplates(db: Db, kind?: AlertKind): Promise<TemplateView[]> {
  const { rows } = await db.query<TemplateRow>(`SELECT ${columns} FROM alert_templates WHERE ($1::text IS NULL OR kind = $1) ORDER BY kind, name`, [kind ?? null]);
  return rows.map(present);
}

export async function createTemplate(db: Db, actor: Actor, input: TemplateInput): Promise<TemplateView> {
  checkLanguages(input);
  return written(() => db.tx(async (tx) => {
    const { rows } = await tx.query<TemplateRow>(
      `INSERT INTO alert_templates (kind, name, urgency, severity, certainty, infos, created_by) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING ${columns}`,
      [input.kind, input.name, input.urgency, input.severity, input.certainty, JSON.stringify(input.infos), actor.id]);
    const view = present(rows[0]!);
    await recordAudit(tx, actor, { action: 'alert_template.create', entity: 'alert_template', entityId: view.id, after: view });
    return view;
  }));
}

export async function updateTemplate(db: Db, actor: Actor, id: string, input: TemplateInput): Promise<TemplateView> {
  checkLanguages(input);
  return written(() => db.tx(async (tx) => {
    const before = await tx.query<TemplateRow>(`SELECT ${columns} FROM alert_templates WHERE id = $1 FOR UPDATE`, [id]);
    if (!before.rows[0]) throw notFound('template');
    const { rows } = await tx.query<TemplateRow>(
      `UPDATE alert_templates SET kind = $2, name = $3, urgency = $4, severity = $5, certainty = $6, infos = $7::jsonb, updated_at = now()
        WHERE id = $1 RETURNING ${columns}`,
      [id, input.kind, input.name, input.urgency, input.severity, input.certainty, JSON.stringify(input.infos)]);
    const view = present(rows[0]!);
    await recordAudit(tx, actor, { action: 'alert_template.update', entity: 'alert_template', entityId: id, before: present(before.rows[0]), after: view });
    return view;
  }));
}

export async function deleteTemplate(db: Db, actor: Actor, id: string): Promise<void> {
  await db.tx(async (tx) => {
    const { rows } = await tx.query<TemplateRow>(`DELETE FROM alert_templates WHERE id = $1 RETURNING ${columns}`, [id]);
    if (!rows[0]) throw notFound('template');
    await recordAudit(tx, actor, { action: 'alert_template.delete', entity: 'alert_template', entityId: id, before: present(rows[0]) });
  });
}
