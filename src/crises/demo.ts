/**
 * The model case's crisis for the demo data: "Iraq, 3 January 2020", over the given alerts (the
 * 2020-01-03 security alert and whatever followed it) and, when present, the intake incident of the
 * model text. The demo loader (src/demo) calls it after publishing those alerts; idempotent.
 */
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { listIncidents } from '../intake/incidents.js';
import type { CrisisView } from './schema.js';
import { linkToCrisis, listCrises, openCrisis } from './service.js';

export const demoCrisisName = 'Iraq: depart immediately (3 January 2020)';

export async function openDemoCrisis(db: Db, actor: Actor, opts: { alertIds: string[]; incidentIds?: string[] }): Promise<CrisisView> {
  const existing = (await listCrises(db)).find((c) => c.name === demoCrisisName);
  const incidents = opts.incidentIds ?? (await listIncidents(db, { limit: 50, offset: 0 })).items
    .filter((i) => i.countryCodes.includes('IQ') && i.firstSeen.startsWith('2020-01')).map((i) => i.id);
  if (existing) {
    const alertIds = opts.alertIds.filter((id) => !existing.alerts.some((a) => a.id === id));
    const incidentIds = incidents.filter((id) => !existing.incidentIds.includes(id));
    return alertIds.length || incidentIds.length ? linkToCrisis(db, actor, existing.id, { alertIds, incidentIds }) : existing;
  }
  const crisis = await openCrisis(db, actor, {
    name: demoCrisisName, area: { countries: ['IQ'], subdivisions: [], cities: [], sites: [], circles: [], polygons: [] },
    startsAt: '2020-01-03', alertIds: opts.alertIds,
  });
  return incidents.length ? linkToCrisis(db, actor, crisis.id, { alertIds: [], incidentIds: incidents }) : crisis;
}
