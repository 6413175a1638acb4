import en from '../../src/i18n/catalogs/en.json';

/*
 * The console's English words for levels, indicators and post statuses come from the English catalog
 * (src/i18n/catalogs/en.json), which the public pages read in every language through i18next.
 */
export const levelLabels: Record<number, string> = { 1: en.levels[1], 2: en.levels[2], 3: en.levels[3], 4: en.levels[4] };
/** Fill colours chosen for contrast with both the dark outline and white text labels. */
export const levelColours: Record<number, string> = { 1: '#2f6f9f', 2: '#e0b320', 3: '#d9661f', 4: '#b3161b' };
export const noAdvisoryColour = '#d5d9de';
/** Text on a level's colour: white on 1 and 4, dark on 2 and 3 (WCAG AA contrast of 4.5:1 or more for each). */
export const levelInk: Record<number, string> = { 1: '#fff', 2: '#14212b', 3: '#14212b', 4: '#fff' };
export function badgeStyle(level: number): { background: string; color: string; textShadow?: string } {
  const color = levelInk[level] ?? '#fff';
  return color === '#fff' ? { background: levelColours[level] ?? '#555', color } : { background: levelColours[level] ?? '#555', color, textShadow: 'none' };
}
export const indicatorNames: Record<string, string> = en.indicators;
export const postStatusLabels: Record<string, string> = en.postStatus;

/** A moment in UTC, written the way `locale` writes dates (the public pages add "UTC" in their language: web/src/i18n.ts). */
export function dateIn(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? `${dateIn(iso, 'en')} UTC` : '';
}
