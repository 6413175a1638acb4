/** The alerts API's shapes as the console reads them, and the labels of the shared vocabulary. */
import type { ApiResponse } from '../api';
import type { AlertKind, ChannelName, Language } from '../../../src/vocabulary';

/** Generated from the OpenAPI document (web/src/api/schema.d.ts, `npm run gen:api`). */
export type AlertView = ApiResponse<'/api/alerts/{id}'>;
/** The server stores the area as the composer sent it, each city's radius filled in (25 km by default). */
export type AlertArea = AlertView['area'];
export type InfoBlock = AlertView['infos'][number];
export type AlertState = AlertView['state'];
export type DryRun = ApiResponse<'/api/alerts/dry-run', 'post'>;
/** The reach figures a dry run and the composer's count share. */
export type Reach = Pick<DryRun, 'people' | 'byChannel' | 'unreachable'>;
export type Preview = ApiResponse<'/api/alerts/preview', 'post'>;
export type AlertTemplate = ApiResponse<'/api/alert-templates'>['items'][number];

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
