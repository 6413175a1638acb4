/**
 * Builds the message for one claimed delivery: the alert's info block in the recipient's
 * language (else its first), rendered for the channel with the recipient's personal check-in
 * link (the token recomputed from the server secret; only its hash is stored).
 */
import type { Db } from '../db/index.js';
import { checkinToken, checkinUrl } from '../alerts/checkin-token.js';
import type { AlertInput, InfoInput, MsgType } from '../alerts/schema.js';
import type { OutgoingMessage } from './channels/types.js';
import { renderMessage, type AlertKind } from './messages/index.js';
import type { ClaimedRow } from './outbox.js';

export interface AlertContent {
  id: string; kind: AlertKind; msgType: MsgType; sender: string; effective: Date; expires: Date | null;
  areaDescription: string; infos: InfoInput[]; assistance: AlertInput['assistance'];
}

/** Alerts never change once published, so a worker keeps the few it is sending in memory. */
export class AlertCache {
  private readonly alerts = new Map<string, AlertContent>();
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<AlertContent> {
    const hit = this.alerts.get(id);
    if (hit) return hit;
    const { rows } = await this.db.query<{ id: string; kind: AlertKind; msg_type: MsgType; sender: string; effective: Date; expires: Date | null; area_description: string; infos: InfoInput[]; assistance: AlertInput['assistance'] }>(
      'SELECT id, kind, msg_type, sender, effective, expires, area_description, infos, assistance FROM alerts WHERE id = $1', [id]);
    const r = rows[0];
    if (!r) throw new Error(`alert ${id} not found`);
    const content: AlertContent = { id: r.id, kind: r.kind, msgType: r.msg_type, sender: r.sender, effective: r.effective, expires: r.expires, areaDescription: r.area_description, infos: r.infos, assistance: r.assistance };
    if (this.alerts.size > 1000) this.alerts.clear();
    this.alerts.set(id, content);
    return content;
  }
}

export function composeMessage(row: ClaimedRow, alert: AlertContent, opts: { secret: string; publicUrl: string }): OutgoingMessage {
  const info = alert.infos.find((i) => i.language === row.language) ?? alert.infos[0]!;
  const link = checkinUrl(opts.publicUrl, checkinToken(opts.secret, alert.id, row.traveller_id));
  const headline = alert.msgType === 'Update' && !/^update/i.test(info.headline) ? `Update: ${info.headline}` : info.headline;
  const rendered = renderMessage({
    kind: alert.kind, language: info.language, headline, event: info.description,
    actions: info.instruction.split('\n').map((s) => s.trim()).filter(Boolean),
    assistance: { contacts: alert.assistance.contacts, notes: alert.assistance.notes },
    areaDescription: alert.areaDescription, checkinUrl: link, senderName: alert.sender,
    effective: alert.effective, expires: alert.expires ?? undefined,
  }, row.channel);
  const structured = row.channel === 'webhook' || row.channel === 'webpush'
    ? { payload: { type: 'warden.alert', deliveryId: row.id, alertId: alert.id, msgType: alert.msgType, kind: alert.kind, language: info.language,
        title: rendered.subject, body: rendered.sms, text: rendered.text, checkinUrl: link } }
    : {};
  return {
    deliveryId: row.id, channel: row.channel, to: row.address, subject: rendered.subject, text: rendered.text, html: rendered.html, sms: rendered.sms,
    headers: { 'X-Warden-Alert-Id': alert.id }, ...structured,
  };
}
