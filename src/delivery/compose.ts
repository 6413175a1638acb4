/**
 * Builds the message for one claimed outbox row. An alert row: the alert's info block in the recipient's
 * language (else its first), rendered for the channel with the recipient's personal check-in link (the
 * token derived from the recipient's check-in number and the server secret: checkin-token.ts). Any other
 * kind: the message its domain stored, finished by the composer that domain registered (src/runtime.ts).
 */
import { neutraliseBidiDeep } from '../bidi-controls.js';
import type { Db } from '../db/index.js';
import { checkinToken, checkinUrl } from '../alerts/checkin-token.js';
import { alertMessageFields } from '../alerts/store.js';
import type { AlertInput, InfoInput, MsgType } from '../alerts/schema.js';
import type { OutgoingMessage } from './channels/types.js';
import { renderMessage, type AlertKind } from './messages/index.js';
import type { ClaimedRow } from './outbox.js';
import type { MessageKind } from '../vocabulary.js';

/** Thrown by a composer when the failure is the database's, not the message's: the row is retried soon. */
export class RetryLater extends Error {}

/** Turns a claimed row into the message to send; throws RetryLater for a passing failure, anything else fails the row. */
export type Composer = (row: ClaimedRow) => OutgoingMessage | Promise<OutgoingMessage>;
export type Composers = Partial<Record<Exclude<MessageKind, 'alert'>, Composer>>;

/** A non-alert row's stored message as it is. */
export function composeStored(row: ClaimedRow): OutgoingMessage {
  const c = row.content;
  if (!c) throw new Error('the message has no content');
  return { deliveryId: row.id, channel: row.channel, to: row.address, subject: c.subject, text: c.text, html: c.html, sms: c.sms ?? (row.channel === 'sms' ? c.text : undefined),
    headers: c.headers, payload: c.payload };
}

/** The alert kind's composer: alerts from a per-worker cache, rendered per language and channel. */
export function alertComposer(db: Db, opts: { secret: string; publicUrl: string }): Composer {
  const alerts = new AlertCache(db);
  return async (row) => {
    let alert: AlertContent;
    try {
      alert = await alerts.get(row.alert_id!);
    } catch (error) {
      throw new RetryLater(`could not load the alert: ${(error as Error).message}`);
    }
    return composeMessage(row, alert, opts);
  };
}

export interface AlertContent {
  id: string; kind: AlertKind; msgType: MsgType; sender: string; effective: Date; expires: Date | null;
  areaDescription: string; infos: InfoInput[]; assistance: AlertInput['assistance'];
}

/**
 * Alerts by id for the worker: alerts never change once published, so it keeps the few it is sending in
 * memory. Holds promises, so the many concurrent sends of a fresh batch share one
 * query; a failed load (the database gone for a moment) is forgotten, so the next send asks again.
 */
export class AlertCache {
  private readonly alerts = new Map<string, Promise<AlertContent>>();
  constructor(private readonly db: Db) {}

  get(id: string): Promise<AlertContent> {
    const hit = this.alerts.get(id);
    if (hit) return hit;
    if (this.alerts.size > 1000) this.alerts.clear();
    const loading = this.load(id);
    this.alerts.set(id, loading);
    loading.catch(() => this.alerts.delete(id));
    return loading;
  }

  private async load(id: string): Promise<AlertContent> {
    const r = await alertMessageFields(this.db, id);
    if (!r) throw new Error(`alert ${id} not found`);
    // Every message is composed from this content: its bidi controls are neutralised once, here.
    return neutraliseBidiDeep({ id: r.id, kind: r.kind, msgType: r.msg_type, sender: r.sender, effective: r.effective, expires: r.expires, areaDescription: r.area_description, infos: r.infos, assistance: r.assistance });
  }
}

/** Stands in for the token while a template is rendered; as long as a real token, so SMS segment counts hold. */
export const CHECKIN_TOKEN_PLACEHOLDER = 'WARDENCHECKINTOKENPLACEHOLDERxxxxxxxxxxxxxx';
const PLACEHOLDER = CHECKIN_TOKEN_PLACEHOLDER;

export type RenderedAlert = ReturnType<typeof renderMessage> & { language: string };
const templates = new Map<string, RenderedAlert>();

/**
 * The alert's message in one language (its first info block when it has none in that language) for one
 * channel, with the placeholder in place of the recipient's token. The worker and the composer's
 * preview both render through here, so the preview is what is sent.
 */
export function renderAlert(alert: AlertContent, language: string, channel: ClaimedRow['channel'], publicUrl: string): RenderedAlert {
  const info = alert.infos.find((i) => i.language === language) ?? alert.infos[0]!;
  const headline = alert.msgType === 'Update' && !/^update/i.test(info.headline) ? `Update: ${info.headline}` : info.headline;
  const rendered = renderMessage({
    kind: alert.kind, language: info.language, headline, event: info.description,
    actions: info.instruction.split('\n').map((s) => s.trim()).filter(Boolean),
    assistance: { contacts: alert.assistance.contacts, notes: alert.assistance.notes },
    areaDescription: alert.areaDescription, checkinUrl: checkinUrl(publicUrl, PLACEHOLDER), senderName: alert.sender,
    effective: alert.effective, expires: alert.expires ?? undefined,
  }, channel);
  return { ...rendered, language: info.language };
}

/**
 * Renders once per (alert, language, channel) with a placeholder link, then puts each recipient's
 * token in: rendering (dates, HTML) costs far more than a string replace, and a send of 100,000
 * messages renders only a handful of templates.
 */
function template(alert: AlertContent, language: string, channel: ClaimedRow['channel'], publicUrl: string): RenderedAlert {
  const key = `${alert.id}:${language}:${channel}`;
  const hit = templates.get(key);
  if (hit) return hit;
  if (templates.size > 2000) templates.clear();
  const value = renderAlert(alert, language, channel, publicUrl);
  templates.set(key, value);
  return value;
}

export function composeMessage(row: ClaimedRow, alert: AlertContent, opts: { secret: string; publicUrl: string }): OutgoingMessage {
  const token = checkinToken(opts.secret, row.checkin_no!);
  const link = checkinUrl(opts.publicUrl, token);
  const t = template(alert, row.language ?? '', row.channel, opts.publicUrl);
  const fill = (s: string | undefined) => s?.replaceAll(PLACEHOLDER, token);
  const text = fill(t.text)!;
  const sms = fill(t.sms);
  const structured = row.channel === 'webhook' || row.channel === 'webpush'
    ? { payload: { type: 'warden.alert', deliveryId: row.id, alertId: alert.id, msgType: alert.msgType, kind: alert.kind, language: t.language,
        title: t.subject, body: sms, text, checkinUrl: link } }
    : {};
  return {
    deliveryId: row.id, channel: row.channel, to: row.address, subject: t.subject, text, html: fill(t.html), sms,
    headers: { 'X-Warden-Alert-Id': alert.id }, ...structured,
    ...(row.channel === 'email' ? { template: { key: `${alert.id}:${t.language}`, placeholder: PLACEHOLDER, value: token, text: t.text, html: t.html } } : {}),
  };
}
