/**
 * Reply keywords (SMS and e-mail): SAFE / HELP / LEFT in English, French, Spanish and Arabic.
 * Matching ignores case, accents, Arabic diacritics and hamza/madda forms of alef, and punctuation;
 * the keyword must open the reply ("help broken leg, hotel Rasheed" → need_help + message).
 */
import type { Answer } from './schema.js';

const keywords: [string, Answer][] = [
  ['safe', 'safe'], ['help', 'need_help'], ['left', 'departed'],
  ['sain et sauf', 'safe'], ['saine et sauve', 'safe'], ['sauf', 'safe'], ['sauve', 'safe'], ['aide', 'need_help'], ['parti', 'departed'], ['partie', 'departed'],
  ['a salvo', 'safe'], ['seguro', 'safe'], ['segura', 'safe'], ['ayuda', 'need_help'], ['sali', 'departed'], ['me fui', 'departed'],
  ['آمن', 'safe'], ['مساعدة', 'need_help'], ['غادرت', 'departed'],
];

/** Lower case, no accents or Arabic marks, alef forms unified, punctuation → spaces, single spaces. */
export function normalizeWords(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[أإآٱ]/g, 'ا').replace(/ـ/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const normalized = keywords.map(([word, answer]) => [normalizeWords(word), answer] as const)
  .sort((a, b) => b[0].length - a[0].length);

export interface ParsedReply { answer: Answer; message: string | null }

/** The answer a reply opens with, and the rest of its first line as the message; null when no keyword. */
export function parseReply(text: string): ParsedReply | null {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
  const words = normalizeWords(line);
  for (const [word, answer] of normalized) {
    if (words === word || words.startsWith(`${word} `)) {
      // The message is what follows the keyword in the original text (accents kept).
      const originalWords = line.split(/\s+/);
      const rest = originalWords.slice(word.split(' ').length).join(' ').replace(/^[\s,.:;!-]+/, '').trim();
      return { answer, message: rest ? rest.slice(0, 1000) : null };
    }
  }
  return null;
}

export const replyHelp = 'Warden did not understand your reply. Answer SAFE, HELP (with a message) or LEFT — or SAUF/AIDE/PARTI, A SALVO/AYUDA/SALÍ, آمن/مساعدة/غادرت — or use the link in the alert.';
