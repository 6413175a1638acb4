import type { FieldProblem } from '../errors.js';

/**
 * The safety net under every route: an integrity violation that a service did not turn into a
 * WardenError itself (typically a check-then-insert race lost to a concurrent request) becomes a 409 or
 * 422 problem naming the field, never a 500. The field comes from the constraint's name, or from the
 * constraint's own columns; the row's values (PostgreSQL's `detail`) are never echoed.
 */
const fieldByConstraint: Record<string, string> = {
  contact_points_email: 'contacts',
  contact_points_traveller_id_channel_address_key: 'contacts',
  travellers_external_ref_key: 'externalRef',
  operators_email_key: 'email',
  subscriptions_email_key: 'email',
  sites_name_key: 'name',
  posts_slug_key: 'slug',
  post_status_requests_one_pending: 'status',
  advisories_one_published: 'countryCode',
};

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function fieldOf(e: { constraint?: string; column?: string; detail?: string }): string {
  if (e.constraint && fieldByConstraint[e.constraint]) return fieldByConstraint[e.constraint]!;
  if (e.column) return camel(e.column);
  // "Key (country_code, version)=(…) already exists." — the column names only, never the values.
  const columns = /^Key \(([^)]+)\)=/.exec(e.detail ?? '')?.[1];
  if (columns) return columns.split(',').map((c) => camel(c.trim())).join(',');
  return e.constraint ?? 'body';
}

export interface DatabaseProblem { kind: 'conflict' | 'validation'; status: 409 | 422; detail: string; errors: FieldProblem[] }

export function databaseProblem(error: unknown): DatabaseProblem | null {
  const e = error as { code?: string; constraint?: string; column?: string; detail?: string; severity?: string } | null;
  if (!e || typeof e.code !== 'string' || !('severity' in e)) return null;
  const field = fieldOf(e);
  const make = (kind: DatabaseProblem['kind'], status: DatabaseProblem['status'], message: string): DatabaseProblem =>
    ({ kind, status, detail: `${field}: ${message}`, errors: [{ field, message }] });
  switch (e.code) {
    case '23505': return make('conflict', 409, 'already exists');
    case '23P01': return make('conflict', 409, 'conflicts with an existing record');
    case '23503': return make('validation', 422, 'refers to a record that does not exist (or is still referred to)');
    case '23502': return make('validation', 422, 'is required');
    case '23514': return make('validation', 422, 'is not an allowed value');
    default: return null;
  }
}
