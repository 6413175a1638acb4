/**
 * Severity of a document's events, 1 (minor) to 5 (extreme).
 *
 * score = max over events of the type's base score
 *       + 1 if deaths are mentioned (killed, dead, deaths, died, fatalities)
 *       + 1 more if ten or more casualties are given as a number ("killed 44 people")
 *       + 1 if a diplomatic facility is attacked, besieged or closed
 *       + 1 if people are told to leave or evacuate
 * capped at 5. Each bonus counts once per document. The reasons say which rules fired,
 * so an operator can see why a draft is rated as it is.
 */
import type { EventType, IntakeEvent } from './events.js';

/** Base score per event type: how bad the event is for people on the ground, before context. */
export const BASE_SEVERITY: Readonly<Record<EventType, number>> = {
  coup: 4,
  military_strike: 3,
  terrorist_attack: 3,
  diplomatic_facility_attack: 3,
  armed_clash: 3,
  kidnapping: 3,
  hostage_taking: 3,
  crowd_crush: 3,
  mass_casualty_accident: 3,
  natural_disaster: 3,
  evacuation_departure: 3,
  siege_protest: 2,
  curfew: 2,
  border_closure: 2,
  disease_outbreak: 2,
  suspension_of_services: 2,
  threat_warning: 2,
  other: 1,
};

export interface Severity {
  score: 1 | 2 | 3 | 4 | 5;
  reasons: string[];
}

const DEATHS = /\b(killed|kills|killing|dead|deaths?|died|dies|fatalities|fatally|slain|massacre)\b/i;
const NUMBERED_CASUALTIES = /\b(\d{2,}|dozens|hundreds|thousands|scores)\b[^.]{0,40}\b(killed|dead|deaths|died|injured|wounded|casualties|victims)\b|\b(killed|deaths of|wounding of)\s+(?:at least\s+)?(\d{2,}|dozens|hundreds|thousands)\b/i;

function clamp(n: number): Severity['score'] {
  return Math.max(1, Math.min(5, Math.round(n))) as Severity['score'];
}

export function scoreSeverity(events: readonly IntakeEvent[], text: string): Severity {
  if (events.length === 0) return { score: 1, reasons: ['no event recognised'] };
  const worst = events.reduce((a, b) => (BASE_SEVERITY[b.type] > BASE_SEVERITY[a.type] ? b : a));
  let score = BASE_SEVERITY[worst.type];
  const reasons = [`${worst.type.replace(/_/g, ' ')} (base ${score})`];
  const eventText = events.map((e) => e.sentence).join(' ') || text;
  if (DEATHS.test(eventText)) {
    score += 1;
    reasons.push('deaths mentioned (+1)');
    if (NUMBERED_CASUALTIES.test(text)) {
      score += 1;
      reasons.push('ten or more casualties (+1)');
    }
  }
  if (events.some((e) => e.type === 'diplomatic_facility_attack' || (e.type === 'suspension_of_services' && e.diplomatic))) {
    score += 1;
    reasons.push('diplomatic facility involved (+1)');
  }
  if (events.some((e) => e.type === 'evacuation_departure')) {
    score += 1;
    reasons.push('departure advised (+1)');
  }
  return { score: clamp(score), reasons };
}
