/**
 * The e-mail and the SMS of an alert exactly as the worker renders them (delivery/compose.ts), one
 * pair per info block, with the SMS's encoding and segment count. Each recipient's own check-in
 * link is shown as a placeholder of the same length, so the counts hold for the real message.
 */
import type { Db } from '../db/index.js';
import { checkinUrl } from './checkin-token.js';
import { CHECKIN_TOKEN_PLACEHOLDER, renderAlert, type AlertContent } from '../delivery/compose.js';
import { smsSegments } from '../delivery/messages/index.js';
import type { AlertInput, PreviewView } from './schema.js';
import { checkInput } from './service.js';
import { loadAlert } from './store.js';

function preview(alert: AlertContent, publicUrl: string): PreviewView {
  const items = alert.infos.map((info) => {
    const email = renderAlert(alert, info.language, 'email', publicUrl);
    const sms = renderAlert(alert, info.language, 'sms', publicUrl).sms ?? '';
    return {
      language: info.language,
      email: { subject: email.subject ?? '', text: email.text, html: email.html ?? '' },
      sms: { text: sms, characters: Array.from(sms).length, ...smsSegments(sms) },
    };
  });
  return { items, linkPlaceholder: checkinUrl(publicUrl, CHECKIN_TOKEN_PLACEHOLDER) };
}

/** The composer's preview of content not yet saved (checked like a draft: area, dates, languages). */
export async function previewInput(db: Db, input: AlertInput, publicUrl: string): Promise<PreviewView> {
  const checked = await checkInput(db, input);
  return preview({
    id: 'preview', kind: input.kind, msgType: 'Alert', sender: input.sender, effective: checked.effective, expires: checked.expires,
    areaDescription: checked.area.description, infos: input.infos, assistance: input.assistance,
  }, publicUrl);
}

/** What a stored alert's recipients will get: for the approver, and for the record. */
export async function previewAlert(db: Db, id: string, publicUrl: string): Promise<PreviewView> {
  const r = await loadAlert(db, id);
  return preview({
    id: r.id, kind: r.kind, msgType: r.msg_type, sender: r.sender, effective: r.effective, expires: r.expires,
    areaDescription: r.area_description, infos: r.infos, assistance: r.assistance,
  }, publicUrl);
}
