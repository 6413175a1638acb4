/**
 * Check-in by reply: a keyword from a known sender answers that person's latest open alert.
 * Returns the outcome and the text to send back; writes nothing unless the reply is understood
 * and matched to exactly one recipient.
 */
import type { Db } from '../db/index.js';
import { answerAsRecipient, findReplyTarget, type Recorded } from './answers.js';
import type { DutyTarget } from './duty.js';
import { parseReply, replyHelp } from './keywords.js';

export type ReplyOutcome =
  | { result: 'recorded'; recorded: Recorded; reply: string }
  | { result: 'not-understood' | 'unknown-sender' | 'ambiguous-sender'; reply: string };

const confirmations: Record<string, Record<string, string>> = {
  en: { safe: 'Thank you. Recorded: you are SAFE.', need_help: 'Recorded: you NEED HELP. The duty officers have been told and will contact you.', departed: 'Thank you. Recorded: you have LEFT the area.' },
  fr: { safe: 'Merci. Enregistré : vous êtes EN SÉCURITÉ.', need_help: 'Enregistré : vous avez BESOIN D’AIDE. Les agents de permanence sont prévenus.', departed: 'Merci. Enregistré : vous avez QUITTÉ la zone.' },
  es: { safe: 'Gracias. Registrado: está A SALVO.', need_help: 'Registrado: NECESITA AYUDA. El personal de guardia ha sido avisado.', departed: 'Gracias. Registrado: ha SALIDO de la zona.' },
  ar: { safe: 'شكرا. تم التسجيل: أنت آمن.', need_help: 'تم التسجيل: تحتاج إلى مساعدة. تم إبلاغ الموظفين المناوبين.', departed: 'شكرا. تم التسجيل: غادرت المنطقة.' },
};

export async function answerByReply(db: Db, channel: 'sms' | 'email', sender: string, text: string, graceHours: number, duty: DutyTarget[]): Promise<ReplyOutcome> {
  const parsed = parseReply(text);
  if (!parsed) return { result: 'not-understood', reply: replyHelp };
  const target = await findReplyTarget(db, channel, sender, graceHours);
  if (target === 'none') return { result: 'unknown-sender', reply: 'Warden has no open alert for this sender. Use the link in the alert message to answer.' };
  if (target === 'ambiguous') return { result: 'ambiguous-sender', reply: 'Several people share this number. Please each answer with the personal link in your alert message.' };
  const recorded = await answerAsRecipient(db, target.alertId, target.travellerId, { answer: parsed.answer, message: parsed.message }, channel, duty);
  if (!recorded) return { result: 'unknown-sender', reply: 'Warden has no open alert for this sender. Use the link in the alert message to answer.' };
  return { result: 'recorded', recorded, reply: (confirmations[target.language] ?? confirmations.en!)[parsed.answer]! };
}
