/**
 * SMS segment counting (3GPP TS 23.038 / 23.040).
 *
 * A message that fits the GSM 7-bit alphabet costs 7 bits a character: 160 in one SMS,
 * 153 per segment once concatenated (the user-data header takes the rest). Characters of
 * the extension table are sent as ESC + character and cost two, and an ESC pair is never
 * split across segments. Any other character forces UCS-2 for the whole message: 70 code
 * units alone, 67 per segment, and a surrogate pair (emoji) is never split either.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const GSM7_BASIC_SET = new Set(GSM7_BASIC);
const GSM7_EXTENSION_SET = new Set(GSM7_EXTENSION);

export const SMS_LIMITS = {
  gsm7Single: 160,
  gsm7PerSegment: 153,
  ucs2Single: 70,
  ucs2PerSegment: 67,
} as const;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text needs. */
  units: number;
  segments: number;
}

export function isGsm7(text: string): boolean {
  for (const char of text) {
    if (!GSM7_BASIC_SET.has(char) && !GSM7_EXTENSION_SET.has(char)) return false;
  }
  return true;
}

/** Cost of each character in the encoding's units, in order. */
function unitCosts(text: string, encoding: SmsEncoding): number[] {
  const costs: number[] = [];
  for (const char of text) {
    if (encoding === 'UCS-2') costs.push(char.length); // 2 for a surrogate pair
    else costs.push(GSM7_EXTENSION_SET.has(char) ? 2 : 1);
  }
  return costs;
}

/** Fills segments greedily, moving a character that does not fit whole to the next one. */
function countConcatenatedSegments(costs: number[], perSegment: number): number {
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perSegment) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

export function smsSegments(text: string): SmsSegmentCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const costs = unitCosts(text, encoding);
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const single = encoding === 'GSM-7' ? SMS_LIMITS.gsm7Single : SMS_LIMITS.ucs2Single;
  const perSegment = encoding === 'GSM-7' ? SMS_LIMITS.gsm7PerSegment : SMS_LIMITS.ucs2PerSegment;
  if (units === 0) return { encoding, units, segments: 1 };
  const segments = units <= single ? 1 : countConcatenatedSegments(costs, perSegment);
  return { encoding, units, segments };
}

/** Typographic characters with a GSM-7 look-alike; swapping them keeps a message in GSM-7. */
const GSM7_LOOKALIKES: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2026': '...',
  '\u00A0': ' ', '\u202F': ' ', '\u2009': ' ',
};

/**
 * A GSM-7 version of the text: typographic punctuation replaced and accents the GSM
 * alphabet lacks removed (ê → e, ç → c, á → a), keeping the ones it has (é, è, à, ñ, ü).
 * Returns undefined when the text has characters with no such replacement (Arabic, emoji).
 */
export function toGsm7(text: string): string | undefined {
  let result = '';
  for (const char of text) {
    const replacement = GSM7_LOOKALIKES[char] ?? (isGsm7(char) ? char : stripAccent(char));
    if (replacement === undefined) return undefined;
    result += replacement;
  }
  return result;
}

function stripAccent(char: string): string | undefined {
  const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
  return base !== char && isGsm7(base) ? base : undefined;
}
