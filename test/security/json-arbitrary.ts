/** fast-check arbitraries from the JSON Schema that zod derives from a route's body schema (z.toJSONSchema). */
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; enum?: unknown[]; const?: unknown; format?: string; pattern?: string;
  minLength?: number; maxLength?: number; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  minItems?: number; maxItems?: number; additionalProperties?: boolean | JsonSchema; $ref?: string;
};

/** Words of the domain, so generated strings often pass validation and reach the services. */
const dictionary = ['IQ', 'FR', 'US', 'iq', 'IQ-BG', 'Baghdad', 'Erbil', 'Baghdad International Airport', 'embassy-baghdad', 'en', 'fr', 'email', 'sms',
  'security_alert', 'Alert', 'Actual', 'Public', 'Security', 'Immediate', 'Extreme', 'Observed', 'safe', 'need_help', 'departed',
  'someone@example.org', '+9647701234567', '2020-01-03', '2020-01-03T06:00:00+00:00', 'correct horse battery staple', "'; DROP TABLE travellers; --",
  '<script>alert(1)</script>', '../../etc/passwd', '\u0000', '\u202e', '𝕎𝕒𝕣𝕕𝕖𝕟',
  // Lone UTF-16 surrogates (issue 12 finding 7): JSON.stringify writes them as "\ud800" escapes, as an attacker would.
  '\ud800', '\udfff', 'Jane Doe\ud800', '\udc00someone@example.org'];

const cappedLength = (min = 0, max?: number) => ({ minLength: min, maxLength: Math.max(min, Math.min(max ?? 60, 300)) });

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
  let base: fc.Arbitrary<string>;
  switch (s.format) {
    case 'email': base = fc.emailAddress(); break;
    case 'uuid': base = fc.uuid(); break;
    case 'date-time': base = fc.date({ min: new Date('2019-01-01'), max: new Date('2031-01-01'), noInvalidDate: true }).map((d) => d.toISOString()); break;
    case 'date': base = fc.date({ min: new Date('2019-01-01'), max: new Date('2031-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)); break;
    case 'uri': base = fc.webUrl(); break;
    default:
      if (s.pattern) {
        try { base = fc.stringMatching(new RegExp(s.pattern)).filter(fits); break; } catch { /* fall through to plain strings */ }
      }
      base = fc.string({ unit: 'grapheme', ...cappedLength(s.minLength, s.maxLength) });
  }
  const words = dictionary.filter(fits);
  return words.length ? fc.oneof({ weight: 3, arbitrary: base }, { weight: 1, arbitrary: fc.constantFrom(...words) }) : base;
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-9) : -1e9);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-9) : 1e9);
  return integer
    ? fc.integer({ min: Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER), max: Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary of (mostly) valid values for a schema; depth-limited so recursive schemas stay finite. */
export function arbitraryOf(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6 || s.$ref) return fc.jsonValue({ maxDepth: 2 });
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => arbitraryOf(a, depth + 1)));
  if (s.allOf?.length) return arbitraryOf(s.allOf[0]!, depth + 1);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => arbitraryOf({ ...s, type }, depth + 1)));
  switch (s.type) {
    case 'null': return fc.constant(null);
    case 'boolean': return fc.boolean();
    case 'integer': return numberArb(s, true);
    case 'number': return numberArb(s, false);
    case 'string': return stringArb(s);
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => arbitraryOf(p, depth + 1)));
      const min = s.minItems ?? 0;
      return fc.array(s.items ? arbitraryOf(s.items, depth + 1) : fc.jsonValue({ maxDepth: 1 }), { minLength: min, maxLength: Math.max(min, Math.min(s.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, arbitraryOf(v, depth + 1)]));
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default: return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Valid-ish bodies, mutated ones (a field replaced by any JSON or dropped), and arbitrary JSON. */
export function bodyArbitrary(s: JsonSchema | null): fc.Arbitrary<{ payload: string; note: string }> {
  const anyJson = fc.jsonValue({ maxDepth: 3 }).map((v) => ({ payload: JSON.stringify(v) ?? 'null', note: 'arbitrary JSON' }));
  const garbage = fc.string({ maxLength: 200 }).map((v) => ({ payload: v, note: 'not JSON' }));
  if (!s) return fc.oneof({ weight: 4, arbitrary: anyJson }, { weight: 1, arbitrary: garbage });
  const valid = arbitraryOf(s);
  const keys = Object.keys(s.properties ?? {});
  const mutated = keys.length
    ? fc.tuple(valid, fc.constantFrom(...keys), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })).map(([v, key, replacement]) => {
        const copy = { ...(v as Record<string, unknown>) };
        if (replacement === undefined) delete copy[key]; else copy[key] = replacement;
        return { payload: JSON.stringify(copy), note: `mutated ${key}` };
      })
    : anyJson;
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((v) => ({ payload: JSON.stringify(v) ?? 'null', note: 'from schema' })) },
    { weight: 3, arbitrary: mutated },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: garbage },
  );
}
