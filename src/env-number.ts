import { z } from 'zod';

/** How a numeric setting may look: its default, its bounds, and whether it must be whole. */
export interface NumberRule {
  fallback: number;
  /** Smallest allowed value (inclusive); default 0. */
  min?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
  /** Must be greater than `min`, not equal to it (rates: 0 would never send). */
  aboveMin?: boolean;
  whole?: boolean;
}

/**
 * The one parser of numeric settings: unset or blank → the default; anything else must be a number within
 * the rule, or start-up stops with a message naming the variable (a typo never becomes a silent default).
 */
export function envNumber(env: Readonly<Record<string, string | undefined>>, name: string, rule: NumberRule): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return rule.fallback;
  const min = rule.min ?? 0;
  let schema = z.coerce.number().finite();
  if (rule.whole) schema = schema.int();
  schema = rule.aboveMin ? schema.gt(min) : schema.min(min);
  if (rule.max !== undefined) schema = schema.max(rule.max);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new RangeError(`${name} must be ${describe(rule, min)}, got "${raw}"`);
  return parsed.data;
}

function describe(rule: NumberRule, min: number): string {
  const kind = rule.whole ? 'a whole number' : 'a number';
  if (rule.max !== undefined) return `${kind} from ${min} to ${rule.max}`;
  if (rule.aboveMin && min === 0) return `a positive ${rule.whole ? 'whole number' : 'number'}`;
  return `${kind} ${rule.aboveMin ? '>' : '≥'} ${min}`;
}
