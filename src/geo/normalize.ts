/**
 * The one normalisation used for every name look-up (cities, subdivisions,
 * countries), so "Baghdād", "BAGHDAD" and "baghdad " meet on the same key.
 */

// Apostrophes inside transliterations are dropped, not split on: "Sana'a" = "Sanaa".
// (Removed before NFKD, which turns the acute accent ´ into a space plus a mark.)
const APOSTROPHES = /['`´‘’ʼʻ]/g;
const COMBINING_MARKS = /\p{M}+/gu;
// Spacing modifier letters (U+02B0–U+02FF) carry transliteration marks such as
// the ʿayn and hamza in "Ṣanʿāʾ"; they are letters to Unicode, so drop them explicitly.
const SPACING_MODIFIERS = /[\u02B0-\u02FF]+/g;
// Anything that is not a letter or digit in any script: punctuation, spaces, apostrophes.
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
// Latin letters that NFKD does not decompose into a base letter plus a mark.
const UNDECOMPOSABLE: Readonly<Record<string, string>> = {
  ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', æ: 'ae', œ: 'oe', ß: 'ss', ı: 'i', ħ: 'h',
};
const UNDECOMPOSABLE_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'g');

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ASCII_APOSTROPHES = /['`]/g;
const ASCII_SEPARATORS = /[^a-z0-9]+/g;

/** Drop apostrophes, NFKD, strip combining marks, lowercase, and collapse punctuation/whitespace runs into one space. */
export function normalizePlaceName(name: string): string {
  // Most names are plain ASCII, for which NFKD, the marks and the Unicode classes change nothing: the same key, cheaper.
  if (PRINTABLE_ASCII.test(name)) return name.replace(ASCII_APOSTROPHES, '').toLowerCase().replace(ASCII_SEPARATORS, ' ').trim();
  return name
    .replace(APOSTROPHES, '')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(SPACING_MODIFIERS, '')
    .toLowerCase()
    .replace(UNDECOMPOSABLE_PATTERN, (letter) => UNDECOMPOSABLE[letter] ?? letter)
    .replace(SEPARATORS, ' ')
    .trim();
}
