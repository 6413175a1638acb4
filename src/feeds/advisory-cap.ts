/**
 * A published travel-advisory version as a CAP 1.2 alert (pure mapping, no I/O).
 *
 * Choices, documented here because CAP has no "travel advisory" profile:
 * - identifier `warden-advisory-<CC>-v<version>`: stable, unique per sender, never reused
 *   (versions only grow).
 * - msgType Alert for the first published version of a country, Update (referencing the
 *   previous published version) for every later one.
 * - category Safety + Security, event "Travel advisory", certainty Likely.
 * - severity from the level: 1 Minor, 2 Moderate, 3 Severe, 4 Extreme; urgency Expected
 *   (an advisory describes a standing risk, not an imminent event) except Level 4, which
 *   is Immediate ("Do not travel" applies now); responseType 1 None, 2 Monitor, 3 Assess,
 *   4 Avoid.
 * - area: the country, with its ISO 3166-1 geocode always, and its Natural Earth outline as
 *   polygons only when the outline is small (MAX_POLYGON_POINTS in total): CAP readers choke
 *   on multi-thousand-point polygons, and the geocode already identifies the area.
 * - expires: publication + the review period (WARDEN_ADVISORY_REVIEW_DAYS); a version that was
 *   superseded earlier expires when it was superseded. Reviewing an advisory publishes a new version.
 * - contact: the country's embassy (or first post) and its public contacts, when it has any.
 * - web: the country's public page, /country/<cc>.
 * - regional exceptions ("Level 4 for IQ-BG") are listed in the instruction text and as
 *   `exception` parameters; they do not get their own info block, so one document carries
 *   exactly one level.
 */
import type { CapAlert, CapArea, CapPoint, CapResponseType, CapSeverity, CapUrgency } from './cap-types.js';
import { isoGeocode } from './cap-rules.js';
import { countryGeometry, getCountry } from '../geo/index.js';
import { indicatorNames, levelLabels, riskIndicators } from '../advisories/schema.js';
import { CAP_SETTING_DEFAULTS, type CapSettings } from '../config.js';

/** What a CAP <contact> needs of a post: its name and its public contacts. */
export interface PostContact {
  name: string;
  contacts: { phone?: string; emergencyPhone?: string; email?: string; website?: string };
}

/** "Embassy Baghdad: +964 …, acs@…" — the emergency number first; undefined when the post lists no contact. */
export function postContactLine(post: PostContact): string | undefined {
  const c = post.contacts;
  const parts = [c.emergencyPhone ?? c.phone, c.email, c.website].filter((v): v is string => Boolean(v?.trim()));
  return parts.length ? `${post.name}: ${parts.join(', ')}` : undefined;
}

export const MAX_POLYGON_POINTS = 300;

export const severityByLevel: Record<1 | 2 | 3 | 4, CapSeverity> = { 1: 'Minor', 2: 'Moderate', 3: 'Severe', 4: 'Extreme' };
const urgencyByLevel: Record<1 | 2 | 3 | 4, CapUrgency> = { 1: 'Expected', 2: 'Expected', 3: 'Expected', 4: 'Immediate' };
const responseByLevel: Record<1 | 2 | 3 | 4, CapResponseType> = { 1: 'None', 2: 'Monitor', 3: 'Assess', 4: 'Avoid' };

/** What the mapping needs of one published advisory version. */
export interface AdvisoryVersionForCap {
  countryCode: string;
  version: number;
  level: 1 | 2 | 3 | 4;
  indicators: string[];
  title: string;
  summary: string;
  exceptions: unknown[];
  publishedAt: Date;
  /** The version this one replaced, when there was a published one before it. */
  previous?: { version: number; publishedAt: Date };
  /** When a later version replaced this one. */
  supersededAt?: Date;
}

export interface CapSite {
  /** Warden's base URL, e.g. https://warden.example.org (no trailing slash). */
  publicUrl: string;
  /** CAP sender, e.g. warden@warden.example.org. */
  sender: string;
  senderName: string;
  advisoryReviewDays: number;
  alertReviewHours: number;
}

/** The CAP site of a public URL with the configured sender and review periods (defaults when absent). */
export function capSiteOf(publicUrl: string, settings: Partial<CapSettings> = {}): CapSite {
  const host = hostOf(publicUrl);
  return {
    publicUrl: publicUrl.replace(/\/$/, ''),
    sender: settings.sender ?? `warden@${host}`,
    senderName: settings.senderName ?? `Warden (${host})`,
    advisoryReviewDays: settings.advisoryReviewDays ?? CAP_SETTING_DEFAULTS.advisoryReviewDays,
    alertReviewHours: settings.alertReviewHours ?? CAP_SETTING_DEFAULTS.alertReviewHours,
  };
}

/** The domain part of the sender: the naming authority of feed entry ids (urn:warden:<domain>:…). */
export function senderDomain(site: CapSite): string {
  return site.sender.includes('@') ? site.sender.slice(site.sender.lastIndexOf('@') + 1) : site.sender;
}

export function hostOf(publicUrl: string): string {
  try {
    return new URL(publicUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

export function advisoryIdentifier(countryCode: string, version: number): string {
  return `warden-advisory-${countryCode}-v${version}`;
}

export function advisoryCapUrl(site: CapSite, countryCode: string, version?: number): string {
  return version === undefined
    ? `${site.publicUrl}/cap/advisories/${countryCode}.xml`
    : `${site.publicUrl}/cap/advisories/${countryCode}/${version}.xml`;
}

/** The country's public page (web/src/main.tsx routes /country/<cc>, lower case). */
export function advisoryPageUrl(site: CapSite, countryCode: string): string {
  return `${site.publicUrl}/country/${countryCode.toLowerCase()}`;
}

const DAY_MS = 86_400_000;

/** CAP <expires> of an advisory version: publication + review period, or when it was superseded if earlier. */
export function advisoryExpires(a: Pick<AdvisoryVersionForCap, 'publishedAt' | 'supersededAt'>, site: Pick<CapSite, 'advisoryReviewDays'>): Date {
  const review = new Date(a.publishedAt.getTime() + site.advisoryReviewDays * DAY_MS);
  if (!a.supersededAt || a.supersededAt >= review) return review;
  // CAP times are whole seconds: a version replaced within its first second still expires after it took effect.
  const firstWholeSecondAfter = Math.floor(a.publishedAt.getTime() / 1000) * 1000 + 1000;
  return new Date(Math.max(a.supersededAt.getTime(), firstWholeSecondAfter));
}

export function advisoryHeadline(a: Pick<AdvisoryVersionForCap, 'countryCode' | 'level'>): string {
  const name = getCountry(a.countryCode)?.name ?? a.countryCode;
  return `${name}: Level ${a.level} - ${levelLabels[a.level]}`;
}

interface ExceptionLike {
  level?: number;
  subdivisionCode?: string;
  note?: string;
}

function exceptionText(e: ExceptionLike): string {
  const where = e.subdivisionCode ? e.subdivisionCode.toUpperCase() : 'a drawn area';
  const level = typeof e.level === 'number' && e.level >= 1 && e.level <= 4 ? `Level ${e.level} (${levelLabels[e.level as 1 | 2 | 3 | 4]})` : 'a different level';
  return `${where}: ${level}${e.note ? ` - ${e.note.trim().replace(/[.\s]+$/, '')}` : ''}`;
}

/** `contact`: the post's public contact line (see postContactLine), when the country has a post with contacts. */
export function advisoryToCap(a: AdvisoryVersionForCap, site: CapSite, contact?: string): CapAlert {
  const countryName = getCountry(a.countryCode)?.name ?? a.countryCode;
  const known = new Set<string>(riskIndicators);
  const indicatorList = a.indicators.filter((i) => known.has(i)).map((i) => `${indicatorNames[i as keyof typeof indicatorNames]} (${i})`);
  const exceptions = (a.exceptions as ExceptionLike[]).filter((e) => e && typeof e === 'object');
  const instruction = [
    `${levelLabels[a.level]}.`,
    ...exceptions.map((e) => `Exception - ${exceptionText(e)}.`),
  ].join(' ');
  const description = [a.summary, indicatorList.length ? `Risk indicators: ${indicatorList.join(', ')}.` : ''].filter(Boolean).join('\n\n');
  return {
    identifier: advisoryIdentifier(a.countryCode, a.version),
    sender: site.sender,
    sent: a.publishedAt,
    status: 'Actual',
    msgType: a.previous ? 'Update' : 'Alert',
    scope: 'Public',
    ...(a.previous
      ? { references: [{ sender: site.sender, identifier: advisoryIdentifier(a.countryCode, a.previous.version), sent: a.previous.publishedAt }] }
      : {}),
    infos: [{
      language: 'en',
      category: ['Safety', 'Security'],
      event: 'Travel advisory',
      responseType: [responseByLevel[a.level]],
      urgency: urgencyByLevel[a.level],
      severity: severityByLevel[a.level],
      certainty: 'Likely',
      effective: a.publishedAt,
      expires: advisoryExpires(a, site),
      senderName: site.senderName,
      headline: advisoryHeadline(a),
      description: `${a.title}\n\n${description}`,
      instruction,
      web: advisoryPageUrl(site, a.countryCode),
      ...(contact ? { contact } : {}),
      parameters: [
        { valueName: 'level', value: String(a.level) },
        { valueName: 'levelLabel', value: levelLabels[a.level] },
        { valueName: 'indicators', value: a.indicators.join(' ') || 'none' },
        { valueName: 'version', value: String(a.version) },
        ...exceptions.map((e) => ({ valueName: 'exception', value: exceptionText(e) })),
      ],
      areas: [countryArea(a.countryCode, countryName)],
    }],
  };
}

/** The country as a CAP area: its ISO geocode, plus its outline when that is small enough. */
export function countryArea(countryCode: string, countryName: string, maxPoints = MAX_POLYGON_POINTS): CapArea {
  const area: CapArea = { areaDesc: countryName, geocodes: [isoGeocode(countryCode)] };
  const polygons = smallOutline(countryCode, maxPoints);
  if (polygons) area.polygons = polygons;
  return area;
}

function smallOutline(countryCode: string, maxPoints: number): CapPoint[][] | undefined {
  const geometry = countryGeometry(countryCode);
  if (!geometry) return undefined;
  const outer = geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.coordinates.map((p) => p[0]!);
  const total = outer.reduce((n, ring) => n + ring.length, 0);
  if (total > maxPoints) return undefined;
  const rings = outer.map((ring) => ring.map(([lon, lat]) => [lat!, lon!] as CapPoint));
  for (const ring of rings) {
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  }
  return rings.every((r) => r.length >= 4) ? rings : undefined;
}
