/** The alerts API's shapes as the console reads them, and the labels of the shared vocabulary. */
import type { MapCircle } from '../map/WorldMap';
import type { AlertKind, AlertState, ChannelName, Language } from '../../../src/vocabulary';

export interface InfoBlock { language: Language; event: string; headline: string; description: string; instruction: string }
export interface AlertArea {
  countries?: string[]; subdivisions?: string[]; cities?: { id: number; radiusKm: number }[];
  circles?: MapCircle[]; polygons?: [number, number][][];
}
export type { AlertState };
export interface AlertView {
  id: string; kind: AlertKind; msgType: 'Alert' | 'Update' | 'Cancel'; state: AlertState;
  urgency: string; severity: string; certainty: string; capInfo: { onset?: string; contact?: string };
  sender: string; effective: string; expires: string | null; areaDescription: string; infos: InfoBlock[];
  asksCheckin: boolean; references: string | null; recipientCount: number | null; createdBy: string | null; createdAt: string;
  submittedAt: string | null; publishedAt: string | null; publishedBy: string | null; area: AlertArea;
  rejection: { reason: string; by: string | null; at: string } | null; withdrawnAt: string | null;
}
export interface DryRun { people: number; byChannel: Record<string, number>; deliveries: number; unreachable: number; areaDescription: string; needsSecondApprover: boolean; summary: string }
export interface Reach { people: number; byChannel: Record<string, number>; unreachable: number }
export interface Preview {
  items: { language: string; email: { subject: string; text: string; html: string }; sms: { text: string; characters: number; encoding: 'GSM-7' | 'UCS-2'; units: number; segments: number } }[];
  linkPlaceholder: string;
}
export interface AlertTemplate { id: string; kind: AlertKind; name: string; urgency: string; severity: string; certainty: string; infos: InfoBlock[] }

export const kindLabels: Record<AlertKind, string> = {
  security_alert: 'Security alert', demonstration_alert: 'Demonstration alert', health_alert: 'Health alert',
  travel_advisory_change: 'Travel advisory change', message: 'Message',
};
export const channelLabels: Record<ChannelName, string> = { email: 'e-mail', sms: 'SMS', webhook: 'webhook', webpush: 'web push' };
export const languageNames: Record<Language, string> = {
  en: 'English', fr: 'French', es: 'Spanish', ar: 'Arabic', de: 'German', it: 'Italian', pt: 'Portuguese', nl: 'Dutch',
  ru: 'Russian', zh: 'Chinese', fa: 'Persian', tr: 'Turkish', ku: 'Kurdish',
};
export const stateLabel = (state: AlertState) => state.replace('_', ' ');

export function channelSummary(by: Record<string, number>): string {
  return Object.entries(by).filter(([, n]) => n > 0).map(([c, n]) => `${n} by ${channelLabels[c as ChannelName] ?? c}`).join(', ') || 'no channel';
}
