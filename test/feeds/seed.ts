/**
 * The model case seeded through service functions: Iraq Level 3 then Level 4 (T, U, K, O),
 * Lebanon Level 3, the Baghdad embassy (suspended, do not approach), travellers in Baghdad with
 * known contact points, and a Baghdad security alert with an Update and a Cancel.
 */
import { setAdvisoryDirectly } from '../../src/advisories/service.js';
import { systemActor } from '../../src/auth/roles.js';
import type { Db } from '../../src/db/index.js';
import { createSite } from '../../src/geo/sites.js';
import { createPost, setPostStatus } from '../../src/posts/service.js';
import { createTraveller } from '../../src/travellers/service.js';
import { composeAlert, draftCancel, draftUpdate, submitAlert } from '../../src/alerts/service.js';
import { publishAlert } from '../../src/alerts/publish.js';
import type { AlertInput } from '../../src/alerts/schema.js';

export const actor = systemActor('feeds-test');

/** Personal data that must never appear in a public response. */
export const PERSONAL = {
  emails: ['layla.haddad@example.net', 'tom.archer@example.org'],
  phones: ['+447911123456', '+14155552671'],
  names: ['Layla Haddad', 'Tom Archer'],
  emergency: ['Samir Haddad', '+447911654321'],
};

export async function seedAdvisories(db: Db): Promise<void> {
  await setAdvisoryDirectly(db, actor, 'IQ', {
    level: 3, indicators: ['T', 'U'], title: 'Iraq Travel Advisory', summary: 'Reconsider travel to Iraq due to terrorism and civil unrest.', body: '', exceptions: [],
  });
  await setAdvisoryDirectly(db, actor, 'IQ', {
    level: 4, indicators: ['T', 'U', 'K', 'O'], title: 'Iraq - January 2020 Travel Advisory',
    summary: 'Do not travel to Iraq due to terrorism, kidnapping, armed conflict & civil unrest. Citizens should depart Iraq <immediately>.',
    body: 'Depart Iraq immediately. Do not approach the Embassy.',
    exceptions: [{ level: 4, subdivisionCode: 'IQ-AR', note: 'Iraqi Kurdistan Region: exercise extreme caution.' }],
  });
  await setAdvisoryDirectly(db, actor, 'LB', {
    level: 3, indicators: ['T', 'U', 'K'], title: 'Lebanon Travel Advisory', summary: 'Reconsider travel to Lebanon.', body: '', exceptions: [],
  });
}

export async function seedPostsAndTravellers(db: Db): Promise<void> {
  await createPost(db, actor, {
    slug: 'embassy-baghdad', name: 'Embassy Baghdad', kind: 'embassy', countryCode: 'IQ', city: 'Baghdad', lat: 33.2986, lon: 44.3956,
    contacts: { phone: '+964 760 030 3000', email: 'baghdadacs@embassy.example' },
  });
  await setPostStatus(db, actor, 'embassy-baghdad', {
    status: 'suspended', message: 'Public consular operations are suspended. Do not approach the Embassy.', doNotApproach: true, departurePosture: 'ordered',
  });
  await createSite(db, actor, { name: 'Baghdad International Airport', aliases: ['BGW'], lat: 33.2625, lon: 44.2346, radiusKm: 5 });
  for (let i = 0; i < PERSONAL.emails.length; i++) {
    await createTraveller(db, actor, {
      fullName: PERSONAL.names[i]!, language: 'en', consent: true,
      ...(i === 0 ? { emergencyContact: { name: PERSONAL.emergency[0]!, phone: PERSONAL.emergency[1]! } } : {}),
      contacts: [{ channel: 'email', address: PERSONAL.emails[i]! }, { channel: 'sms', address: PERSONAL.phones[i]! }],
      trips: [{ countryCode: 'IQ', placeName: 'Baghdad', lat: 33.3152 + i * 0.01, lon: 44.3661, startsAt: '2019-12-01', endsAt: null }],
    });
  }
}

const alertInput = (headline: string, instruction: string): AlertInput => ({
  kind: 'security_alert', status: 'Actual', scope: 'Public', categories: ['Security'], urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed',
  sender: 'Embassy Baghdad', area: { countries: [], subdivisions: ['IQ-BG'], cities: [], sites: ['Baghdad International Airport'], circles: [{ lat: 33.3152, lon: 44.3661, radiusKm: 30 }], polygons: [] },
  infos: [
    { language: 'en', event: 'Security alert', headline, description: 'Rockets struck Baghdad International Airport & the area <near> the Embassy.', instruction },
    { language: 'fr', event: 'Alerte de sécurité', headline: "Quittez l'Irak immédiatement", description: "Des roquettes ont frappé l'aéroport de Bagdad.", instruction: "Quittez l'Irak immédiatement. Ne vous approchez pas de l'ambassade." },
  ],
  assistance: { contacts: [], notes: [] }, asksCheckin: true,
});

export interface SeededAlerts { alertId: string; updateId: string; cancelId: string; draftId: string }

/** Alert → Update → Cancel, each published; plus a draft that must never be public. */
export async function seedAlerts(db: Db, secret: string): Promise<SeededAlerts> {
  const publish = async (id: string) => {
    await submitAlert(db, actor, id);
    await publishAlert(db, actor, id, { twoPersonThreshold: 1000 });
  };
  const alert = await composeAlert(db, actor, alertInput('Depart Iraq immediately', 'Depart Iraq immediately. Do not approach the Embassy.'));
  await publish(alert.id);
  const update = await draftUpdate(db, actor, alert.id, alertInput('Depart Iraq immediately - airport closed', 'Depart Iraq by land. The airport is closed.'));
  await publish(update.id);
  const cancel = await draftCancel(db, actor, update.id, {});
  await publish(cancel.id);
  const draft = await composeAlert(db, actor, alertInput('SECRET DRAFT headline', 'Not yet.'));
  return { alertId: alert.id, updateId: update.id, cancelId: cancel.id, draftId: draft.id };
}
