/**
 * Errors that services throw. They carry what the HTTP layer needs to build an
 * RFC 9457 problem (a stable type, a status and the offending field) without
 * services knowing about HTTP, and what the CLI needs to print a one-line reason.
 */
export type ProblemKind = 'validation' | 'not-found' | 'conflict' | 'forbidden' | 'unauthorized' | 'invalid-state' | 'rate-limited';

const statusByKind: Record<ProblemKind, number> = {
  validation: 422,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  'invalid-state': 409,
  'rate-limited': 429,
};

export interface FieldProblem {
  field: string;
  message: string;
}

export class WardenError extends Error {
  readonly status: number;
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'WardenError';
    this.status = statusByKind[kind];
  }
}

/** A bad value in one field of the input. */
export function invalid(field: string, message: string): WardenError {
  return new WardenError('validation', `${field}: ${message}`, [{ field, message }]);
}

export function notFound(what: string): WardenError {
  return new WardenError('not-found', `${what} not found`);
}

export function conflict(field: string, message: string): WardenError {
  return new WardenError('conflict', `${field}: ${message}`, [{ field, message }]);
}

export function invalidState(message: string): WardenError {
  return new WardenError('invalid-state', message);
}

export function forbidden(message: string): WardenError {
  return new WardenError('forbidden', message);
}

/** PostgreSQL unique violation (23505) → a conflict naming the field the constraint covers. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== '23505') return false;
  return constraint === undefined || e.constraint === constraint || (e.message ?? '').includes(constraint);
}
