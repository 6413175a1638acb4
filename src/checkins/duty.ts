/**
 * "Need help" reaches the duty officers: the answer's own statement (answers.ts) queues one outbox row of
 * kind 'duty' per officer's address (WARDEN_DUTY_EMAILS) and one for WARDEN_DUTY_WEBHOOK_URL, holding only
 * the answer's history id; the first worker to claim it renders the notice (the composer below, registered
 * by src/runtime.ts) with the person's name, message, place and contacts as they are then. Claim, lease,
 * retries and the duplicate bound are the outbox's (src/delivery/outbox.ts): a relay that is down delays the
 * notice, it does not lose it. The webhook goes to the operators' own URL (private addresses allowed).
 */
import { alertMessageFields } from '../alerts/store.js';
import type { Db } from '../db/index.js';
import { RetryLater, type Composer } from '../delivery/compose.js';
import type { CheckinSettings } from '../config.js';
import { travellerContactCard } from '../travellers/service.js';

/** One address a duty notice goes to. */
export interface DutyTarget { channel: 'email' | 'webhook'; address: string }

export function dutyTargets(settings: CheckinSettings['duty']): DutyTarget[] {
  return [
    ...settings.emails.map((address) => ({ channel: 'email' as const, address })),
    ...(settings.webhookUrl ? [{ channel: 'webhook' as const, address: settings.webhookUrl }] : []),
  ];
}

interface DutyRow {
  history_id: number | string; alert_id: string; traveller_id: string; answered_at: Date; message: string | null;
  lat: number | null; lon: number | null; place: string | null; channel: string;
}

/** The answer, with the person's name and contacts and the alert's headline as they are now; undefined once erased. */
async function load(db: Db, historyId: number): Promise<DutyNotice | undefined> {
  const { rows } = await db.query<DutyRow>(
    'SELECT id AS history_id, alert_id, traveller_id, answered_at, message, lat, lon, place, channel FROM checkin_history WHERE id = $1', [historyId]);
  const answer = rows[0];
  if (!answer) return undefined;
  const person = await travellerContactCard(db, answer.traveller_id);
  const alert = await alertMessageFields(db, answer.alert_id);
  if (!person || !alert) return undefined;
  return { ...answer, full_name: person.fullName, contacts: person.contacts, headline: alert.infos[0]?.headline ?? '' };
}

type DutyNotice = DutyRow & { full_name: string; headline: string; contacts: string[] };

function text(row: DutyNotice, publicUrl: string): string {
  return [
    `${row.full_name} needs help (alert: ${row.headline}).`,
    `Answered ${row.answered_at.toISOString()} by ${row.channel}.`,
    row.message ? `Message: ${row.message}` : 'No message.',
    row.place ? `Where: ${row.place}` : null,
    row.lat !== null ? `Location shared: ${row.lat}, ${row.lon}` : null,
    row.contacts.length ? `Contacts: ${row.contacts.join('; ')}` : null,
    `Board: ${publicUrl}/console/alerts/${row.alert_id}`,
  ].filter(Boolean).join('\n');
}

/** Renders a duty row: an e-mail for an officer, a signed JSON POST (type warden.need_help) for the webhook. */
export function dutyComposer(db: Db, publicUrl: string): Composer {
  return async (row) => {
    const historyId = Number(row.content?.historyId);
    let found: DutyNotice | undefined;
    try { found = await load(db, historyId); } catch (error) { throw new RetryLater(`could not load the answer: ${(error as Error).message}`); }
    // The person was erased since: nothing left to tell (the row fails with this reason).
    if (!found) throw new Error(`answer ${historyId} no longer exists`);
    const body = text(found, publicUrl);
    const subject = `NEED HELP: ${found.full_name}`;
    const payload = row.channel === 'webhook'
      ? { type: 'warden.need_help', alertId: found.alert_id, travellerId: found.traveller_id, name: found.full_name, answeredAt: found.answered_at.toISOString(),
          channel: found.channel, message: found.message, place: found.place, location: found.lat === null ? null : { lat: found.lat, lon: found.lon }, text: body }
      : undefined;
    return { deliveryId: row.id, channel: row.channel, to: row.address, subject, text: body, headers: { 'X-Warden-Alert-Id': found.alert_id }, ...(payload ? { payload } : {}) };
  };
}
