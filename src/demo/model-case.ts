/**
 * The model case, played: the security alert of 3 January 2020 published to the demo travellers in Iraq
 * (its messages go through the outbox: captured in the mailbox on the embedded default), a spread of
 * answers, and the day's news report as an intake incident. Everything through the domains' services.
 */
import { readFileSync } from 'node:fs';
import { publishAlert } from '../alerts/publish.js';
import { openDemoCrisis } from '../crises/demo.js';
import { alertInput } from '../alerts/schema.js';
import { composeAlert, submitAlert } from '../alerts/service.js';
import type { Actor } from '../auth/roles.js';
import { listPeople } from '../checkins/accountability.js';
import { answerManyAsRecipients } from '../checkins/answers.js';
import { boardQuery, type Answer } from '../checkins/schema.js';
import type { Db } from '../db/index.js';
import { ingest } from '../intake/ingest.js';
import { assistanceFor } from '../posts/assistance.js';

/** The news report of the day (a short real report, shipped as demo data), with its `date` header. */
export const modelNewsText = readFileSync(new URL('./baghdad-2020-01-03.txt', import.meta.url), 'utf8');

export const modelAlert = {
  kind: 'security_alert', sender: 'U.S. Embassy Baghdad', area: { countries: ['IQ'] },
  // Published at 08:00 on the day, for that day: its recipients are exactly `who-is-in IQ --at 2020-01-03`.
  effective: '2020-01-03T08:00:00Z', expires: '2020-01-03T23:59:59Z',
  infos: [{
    language: 'en', event: 'Airstrike at Baghdad International Airport; heightened tensions',
    headline: 'Depart Iraq immediately',
    description: 'Due to heightened tensions in Iraq and the region, U.S. citizens are urged to depart Iraq immediately. '
      + 'Public consular operations at the Embassy in Baghdad are suspended until further notice following militia attacks on the Embassy compound.',
    instruction: 'Depart Iraq immediately: by airline while possible, and failing that to other countries via land.\nDo not approach the Embassy.\nKeep a low profile and monitor local media.',
  }],
};

/** Who answered what: of every ten recipients, six safe, one needs help, one departed, two no answer yet. */
const spread: (Answer | null)[] = ['safe', 'safe', 'safe', 'need_help', 'safe', 'departed', 'safe', null, 'safe', null];
/** The i-th answer's time: spread over the morning after the alert, before the scenario clock's noon. */
const answeredAt = (i: number) => new Date(Date.parse(modelAlert.effective) + (5 + ((i * 37) % 230)) * 60_000).toISOString();
const helpMessages = ['Roads to the airport are closed, we are sheltering in the hotel.', 'Need help getting to Erbil, two children with me.'];

export async function playModelCase(db: Db, actor: Actor): Promise<{ alertId: string; recipients: number; answered: number; incidents: number }> {
  // Its "Assistance" section names the posts in Iraq, as the composer fills it (the demo's posts are loaded first).
  const assistance = await assistanceFor(db, modelAlert.area);
  const draft = await composeAlert(db, actor, alertInput.parse({ ...modelAlert, assistance }), { asOf: modelAlert.effective });
  await submitAlert(db, actor, draft.id);
  const published = await publishAlert(db, { ...actor, id: null }, draft.id, { publishedAt: modelAlert.effective });
  const people = await listPeople(db, draft.id, boardQuery.parse({}), null);
  const answers = people.flatMap((p, i) => {
    const answer = spread[i % spread.length]!;
    if (!answer) return [];
    const message = answer === 'need_help' ? helpMessages[i % helpMessages.length]! : null;
    return [{ alertId: draft.id, travellerId: p.travellerId, channel: 'link' as const, fields: { answer, message }, answeredAt: answeredAt(i) }];
  });
  // The model case's answers are history (3 January 2020), not news for today's duty officers: no duty notices.
  await answerManyAsRecipients(db, answers, []);
  const intake = await ingest(db, actor, modelNewsText);
  // The crisis room opens on the played case: the alert and the news report's incident, Iraq from 2020-01-03.
  await openDemoCrisis(db, actor, { alertIds: [draft.id], incidentIds: intake.incidents.map((i) => i.id) });
  return { alertId: draft.id, recipients: published.recipients, answered: answers.length, incidents: intake.incidents.length };
}
