/**
 * Press abbreviations of US states, Canadian provinces and Australian states: AP style ("Calif.", "Ark.",
 * "Tenn."), Canadian Press style ("Alta.", "Man.", "Sask.", "Ont.", "Que.", "Nfld.") and Australian
 * usage ("Qld", "Vic.", "Tas."). Datelines and local news write "RUSSELLVILLE, Ark." and "Churchill,
 * Man."; the ISO suffixes ("Ky.", "N.Y.", "B.C.") are already recognised by the gazetteer, so only forms that
 * differ from them are listed. Several are English words ("Man.", "Miss.", "Wash."), so places.ts accepts
 * them only right after "<Name>, ".
 */
import { ownValue } from '../../geo/index.js';

const PRESS_ABBREVIATIONS: Readonly<Record<string, string>> = {
  // United States (AP style)
  ala: 'US-AL', ariz: 'US-AZ', ark: 'US-AR', calif: 'US-CA', colo: 'US-CO', conn: 'US-CT', del: 'US-DE', fla: 'US-FL',
  ill: 'US-IL', ind: 'US-IN', kan: 'US-KS', kans: 'US-KS', mass: 'US-MA', mich: 'US-MI', minn: 'US-MN', miss: 'US-MS',
  mont: 'US-MT', neb: 'US-NE', nebr: 'US-NE', nev: 'US-NV', okla: 'US-OK', ore: 'US-OR', tenn: 'US-TN', tex: 'US-TX',
  wash: 'US-WA', wis: 'US-WI', wyo: 'US-WY',
  // Canada (Canadian Press style)
  alta: 'CA-AB', man: 'CA-MB', ont: 'CA-ON', que: 'CA-QC', sask: 'CA-SK', nfld: 'CA-NL', pei: 'CA-PE',
  // Australia
  qld: 'AU-QLD', vic: 'AU-VIC', tas: 'AU-TAS',
};

/** The ISO 3166-2 code a press abbreviation stands for ("Man." → CA-MB); `key` is the folded form without dots. */
export function pressAbbreviation(key: string): string | undefined {
  return ownValue(PRESS_ABBREVIATIONS, key);
}
