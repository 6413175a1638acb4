/**
 * "Need help" reaches the duty officers at once: the answer's transaction queues a duty_notifications
 * row; right after commit this module sends it directly through the e-mail and webhook channel classes
 * (not the traveller outbox: duty officers are not recipients of the alert) and marks it sent.
 * Rows still pending a minute later (the process died, a relay was down) are retried by the worker's
 * escalation tick (`retryPendingDuty`), up to 5 attempts.
 */
import type { Db } from '../db/index.js';
import type { CheckinSettings } from '../config.js';
import type { NotifyChannels } from './notify-channels.js';

interface DutyRow {
  id: number | string; alert_id: string; traveller_id: string; full_name: string; answered_at: Date; message: string | null;
  lat: number | null; lon: number | null; place: string | null; channel: string; headline: string; contacts: string[] | null;
}

export interface DutyOptions { db: Db; settings: CheckinSettings['duty']; channels: NotifyChannels; publicUrl: string; log?: (m: string) => void }

async function load(db: Db, id: number): Promise<DutyRow | undefined> {
  const { rows } = await db.query<DutyRow>(
    `SELECT n.id, n.alert_id, n.traveller_id, t.full_name, h.answered_at, h.message, h.lat, h.lon, h.place, h.channel,
            a.infos->0->>'headline' AS headline,
            (SELECT array_agg(cp.channel || ': ' || cp.address ORDER BY cp.priority) FROM contact_points cp WHERE cp.traveller_id = n.traveller_id AND cp.channel IN ('email', 'sms')) AS contacts
       FROM duty_notifications n JOIN checkin_history h ON h.id = n.history_id
       JOIN travellers t ON t.id = n.traveller_id JOIN alerts a ON a.id = n.alert_id
      WHERE n.id = $1 AND n.state = 'pending'`, [id]);
  return rows[0];
}

function text(row: DutyRow, publicUrl: string): string {
  return [
    `${row.full_name} needs help (alert: ${row.headline}).`,
    `Answered ${row.answered_at.toISOString()} by ${row.channel}.`,
    row.message ? `Message: ${row.message}` : 'No message.',
    row.place ? `Where: ${row.place}` : null,
    row.lat !== null ? `Location shared: ${row.lat}, ${row.lon}` : null,
    row.contacts?.length ? `Contacts: ${row.contacts.join('; ')}` : null,
    `Board: ${publicUrl}/console/alerts/${row.alert_id}`,
  ].filter(Boolean).join('\n');
}

/** Sends one pending duty notification; returns whether every configured target accepted it. */
export async function sendDutyNotification(opts: DutyOptions, id: number): Promise<boolean> {
  const row = await load(opts.db, id);
  if (!row) return true;
  const errors: string[] = [];
  const body = text(row, opts.publicUrl);
  const subject = `NEED HELP: ${row.full_name}`;
  if (opts.settings.emails.length) {
    if (!opts.channels.email) errors.push('WARDEN_DUTY_EMAILS is set but no SMTP relay (WARDEN_SMTP_HOST)');
    else for (const to of opts.settings.emails) {
      const result = await opts.channels.email.send({ deliveryId: `duty-${row.id}-${to}`, channel: 'email', to, subject, text: body, headers: { 'X-Warden-Alert-Id': row.alert_id } });
      if (result.outcome !== 'sent') errors.push(`${to}: ${result.reason}`);
    }
  }
  if (opts.settings.webhookUrl) {
    if (!opts.channels.webhook) errors.push('WARDEN_DUTY_WEBHOOK_URL is set but WARDEN_WEBHOOK_SECRET (the signing secret) is not');
    else {
      const payload = { type: 'warden.need_help', alertId: row.alert_id, travellerId: row.traveller_id, name: row.full_name, answeredAt: row.answered_at.toISOString(),
        channel: row.channel, message: row.message, place: row.place, location: row.lat === null ? null : { lat: row.lat, lon: row.lon }, text: body };
      const result = await opts.channels.webhook.send({ deliveryId: `duty-${row.id}`, channel: 'webhook', to: opts.settings.webhookUrl, subject, text: body, payload });
      if (result.outcome !== 'sent') errors.push(`webhook: ${result.reason}`);
    }
  }
  const ok = errors.length === 0;
  await opts.db.query(
    `UPDATE duty_notifications SET attempts = attempts + 1, state = CASE WHEN $2 THEN 'sent' WHEN attempts + 1 >= 5 THEN 'failed' ELSE 'pending' END,
            sent_at = CASE WHEN $2 THEN now() END, last_error = $3 WHERE id = $1`, [id, ok, ok ? null : errors.join('; ').slice(0, 2000)]);
  if (!ok) opts.log?.(`duty notification ${id} not sent: ${errors.join('; ')}`);
  return ok;
}

/** Retries duty notifications left pending for over a minute. */
export async function retryPendingDuty(opts: DutyOptions): Promise<number> {
  const { rows } = await opts.db.query<{ id: number | string }>(
    `SELECT id FROM duty_notifications WHERE state = 'pending' AND created_at < now() - interval '1 minute' ORDER BY created_at LIMIT 50`);
  for (const r of rows) await sendDutyNotification(opts, Number(r.id)).catch((e: Error) => opts.log?.(`duty notification ${r.id}: ${e.message}`));
  return rows.length;
}
