/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) let a name or a
 * headline display differently from what it is ("Trojan Source": "‮gnp.exe" shows as "exe.png"). Warden
 * neutralises them in everything it outputs: HTTP responses (JSON, pages, feeds, CAP, CSV) and the
 * messages it sends. Right-to-left text needs none of them (the Unicode bidi algorithm orders it), and the
 * directional marks U+200E/U+200F, which cannot reorder letters, are kept.
 */
const controls = /[\u202A-\u202E\u2066-\u2069]/g;
/** The same characters written as JSON escapes (a serializer may escape them). */
const escapedControls = /\\u(?:202[a-eA-E]|206[6-9])/g;

export function neutraliseBidi(text: string): string {
  return text.replace(controls, '');
}

/** For already serialized JSON, where the characters may appear raw or escaped. */
export function neutraliseBidiInJson(json: string): string {
  return neutraliseBidi(json).replace(escapedControls, '');
}

/** Every string of a JSON-like value (keys included), neutralised. */
export function neutraliseBidiDeep<T>(value: T): T {
  if (typeof value === 'string') return neutraliseBidi(value) as T;
  if (Array.isArray(value)) return value.map(neutraliseBidiDeep) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [neutraliseBidi(k), neutraliseBidiDeep(v)])) as T;
  }
  return value;
}
