export const levelLabels: Record<number, string> = {
  1: 'Exercise normal precautions', 2: 'Exercise increased caution', 3: 'Reconsider travel', 4: 'Do not travel',
};
/** Fill colours chosen for contrast with both the dark outline and white text labels. */
export const levelColours: Record<number, string> = { 1: '#2f6f9f', 2: '#e0b320', 3: '#d9661f', 4: '#b3161b' };
export const noAdvisoryColour = '#d5d9de';
/** Text on a level's colour: white on 1 and 4, dark on 2 and 3 (WCAG AA contrast of 4.5:1 or more for each). */
export const levelInk: Record<number, string> = { 1: '#fff', 2: '#14212b', 3: '#14212b', 4: '#fff' };
export function badgeStyle(level: number): { background: string; color: string; textShadow?: string } {
  const color = levelInk[level] ?? '#fff';
  return color === '#fff' ? { background: levelColours[level] ?? '#555', color } : { background: levelColours[level] ?? '#555', color, textShadow: 'none' };
}
export const indicatorNames: Record<string, string> = {
  C: 'Crime', T: 'Terrorism', U: 'Civil unrest', H: 'Health', N: 'Natural disaster',
  E: 'Time-limited event', K: 'Kidnapping or hostage-taking', D: 'Wrongful detention', O: 'Other',
};
export const postStatusLabels: Record<string, string> = {
  normal: 'Normal operations', limited: 'Limited services', suspended: 'Operations suspended', closed: 'Closed',
};
export const postureLabels: Record<string, string> = { none: '', authorized: 'Authorized departure', ordered: 'Ordered departure' };

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
}
