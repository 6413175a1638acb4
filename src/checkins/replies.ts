/**
 * Check-in by reply: a keyword from a known sender answers that person's latest open alert.
 * Returns the outcome and the text to send back; writes nothing unless the reply is understood
 * and matched to exactly one recipient. The confirmation is in the person's language (catalog key `reply`).
 */
import type { Db } from '../db/index.js';
import { answerAsRecipient, findReplyTarget, type Recorded } from './answers.js';
import type { DutyTarget } from './duty.js';
import { parseReply, replyHelp } from './keywords.js';
import { translator } from '../i18n/index.js';

export type ReplyOutcome =
  | { result: 'recorded'; recorded: Recorded; reply: string }
  | { result: 'not-understood' | 'unknown-sender' | 'ambiguous-sender'; reply: string };

export async function answerByReply(db: Db, channel: 'sms' | 'email', sender: string, text: string, graceHours: number, duty: DutyTarget[]): Promise<ReplyOutcome> {
  const parsed = parseReply(text);
  if (!parsed) return { result: 'not-understood', reply: replyHelp };
  const target = await findReplyTarget(db, channel, sender, graceHours);
  if (target === 'none') return { result: 'unknown-sender', reply: 'Warden has no open alert for this sender. Use the link in the alert message to answer.' };
  if (target === 'ambiguous') return { result: 'ambiguous-sender', reply: 'Several people share this number. Please each answer with the personal link in your alert message.' };
  const recorded = await answerAsRecipient(db, target.alertId, target.travellerId, { answer: parsed.answer, message: parsed.message }, channel, duty);
  if (!recorded) return { result: 'unknown-sender', reply: 'Warden has no open alert for this sender. Use the link in the alert message to answer.' };
  return { result: 'recorded', recorded, reply: translator(target.language)(`reply.${parsed.answer}`) };
}
