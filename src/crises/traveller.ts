/** The traveller's side of a crisis: the check-in page's crisis block and the crises on /me. */
import { alertIdsOfTraveller, alertsByIds } from '../alerts/recipients.js';
import type { CrisisPageContext } from '../checkins/page-context.js';
import type { Db } from '../db/index.js';
import { listPosts } from '../posts/service.js';
import { travellerLanguage } from '../travellers/service.js';
import { personStatus } from './people.js';
import { currentAlert, ensureMembers } from './service.js';
import * as store from './store.js';
import { checkinAnswers } from '../vocabulary.js';

async function emergencyPhone(db: Db, area: unknown): Promise<string | null> {
  const countries = (area as { countries?: string[] }).countries ?? [];
  for (const c of countries) {
    const post = (await listPosts(db, c)).find((p) => p.contacts.emergencyPhone || p.contacts.phone);
    if (post) return post.contacts.emergencyPhone ?? post.contacts.phone ?? null;
  }
  return null;
}

async function departureOf(db: Db, crisisId: string, travellerId: string): Promise<{ partySize: number; phone: string } | null> {
  const { rows } = await db.query<{ party_size: number; phone: string }>('SELECT party_size, phone FROM departure_requests WHERE crisis_id = $1 AND traveller_id = $2', [crisisId, travellerId]);
  return rows[0] ? { partySize: rows[0].party_size, phone: rows[0].phone } : null;
}

async function contextOf(db: Db, crisisId: string, travellerId: string, language: string): Promise<CrisisPageContext & { crisisId: string; state: string } | null> {
  const crisis = await store.loadCrisis(db, crisisId);
  const alertIds = await ensureMembers(db, crisisId);
  const alerts = await alertsByIds(db, alertIds);
  const latest = currentAlert(alerts) ?? alerts.filter((a) => a.publishedAt).sort((a, b) => b.publishedAt!.localeCompare(a.publishedAt!))[0];
  if (!latest) return null;
  const info = latest.infos.find((i) => i.language === language) ?? latest.infos[0]!;
  const status = await personStatus(db, crisisId, travellerId);
  const open = crisis.state === 'open';
  return {
    crisisId, state: crisis.state, name: crisis.name, headline: `${latest.msgType === 'Cancel' ? '' : latest.msgType === 'Update' ? 'Update: ' : ''}${info.headline}`,
    instruction: info.instruction, status: status && (checkinAnswers as readonly string[]).includes(status.status) ? status.status : null,
    helpOpen: status?.helpOpen ?? false, emergencyPhone: await emergencyPhone(db, crisis.area),
    departure: open ? await departureOf(db, crisisId, travellerId) : 'none',
  };
}

/** The check-in page's block for the crisis of this alert, or null when the alert belongs to none. */
export async function checkinPageContext(db: Db, alertId: string, travellerId: string, language: string): Promise<CrisisPageContext | null> {
  const [link] = await store.crisisOfAlerts(db, [alertId]);
  return link ? contextOf(db, link.crisisId, travellerId, language) : null;
}

/** /me: the crises I belong to (through an alert that reached me), with their latest instruction and my status. */
export async function myCrises(db: Db, travellerId: string) {
  const language = (await travellerLanguage(db, travellerId)) ?? 'en';
  const links = await store.crisisOfAlerts(db, await alertIdsOfTraveller(db, travellerId));
  const ids = [...new Set(links.map((l) => l.crisisId))];
  const out = [];
  for (const id of ids) {
    const c = await contextOf(db, id, travellerId, language);
    if (c) out.push({ id, name: c.name, state: c.state, headline: c.headline, instruction: c.instruction, status: c.status, helpOpen: c.helpOpen, emergencyPhone: c.emergencyPhone });
  }
  return out;
}
