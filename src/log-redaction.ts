/**
 * What must never reach a log line, whoever writes it (the API's request log, the in-process and the
 * stand-alone outbox worker): URL secrets — check-in links `/c/<token>` (also percent-encoded, `/%63/…`)
 * and secret query parameters (`?token=`, `unlock=`, `code=`, …) — and the parts of database errors
 * that quote the row (PostgreSQL's `detail`, `where`, `hint`, the query's parameters).
 *
 * Redaction is applied to the finished text of each line, so no field, message or stack trace escapes it.
 */
import { Writable } from 'node:stream';

const redacted = '[redacted]';
/** A check-in link's path: /c/ then the token (43 base64url characters, maybe percent-encoded); /c/style.css stays. */
const checkinPath = /\/(?:c|%63|%43)\/[A-Za-z0-9_%-]{16,}/gi;
/** A secret query parameter, in a URL or a form-encoded body. */
const secretParam = /([?&](?:token|unlock|code|secret|session|password)=)[^&\s"'#\\]+/gi;

export function redactSecretsInText(text: string): string {
  return text.replace(checkinPath, `/c/${redacted}`).replace(secretParam, `$1${redacted}`);
}

/** A log function that redacts before writing (the stand-alone worker's stderr lines). */
export function redactingLog(write: (line: string) => void): (message: string) => void {
  return (message) => write(redactSecretsInText(message));
}

/** A stream for pino that redacts each finished JSON line before passing it on. */
export function redactingStream(target: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      target.write(redactSecretsInText(String(chunk)));
      done();
    },
  });
}

/** Fields of a database error that quote input or rows (personal data): never logged. */
const rowQuotingFields = new Set(['detail', 'where', 'hint', 'internalQuery', 'internalPosition', 'parameters', 'params', 'query', 'queryOptions', 'position']);
const isDatabaseError = (e: Record<string, unknown>) => typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e;

/**
 * pino serializer for `err`: type, message, stack and the error's own fields, without the row-quoting
 * parts of database errors. A database error's message quotes the offending value (`invalid input syntax
 * for type uuid: "…"`); quoted values other than the constraint, table or column name are replaced.
 */
export function serializeErrorForLog(error: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const e = error as Error & Record<string, unknown>;
  const database = isDatabaseError(e);
  const names = new Set([e.constraint, e.table, e.column, e.schema].filter((v): v is string => typeof v === 'string'));
  const scrub = (text: string) => (database ? text.replace(/"([^"]*)"/g, (whole, inner: string) => (names.has(inner) ? whole : `"${redacted}"`)) : text);
  const out: { type: string; message: string; stack: string; [key: string]: unknown } = { type: e.constructor?.name ?? 'Error', message: scrub(String(e.message ?? '')), stack: scrub(String(e.stack ?? '')) };
  for (const [key, value] of Object.entries(e)) {
    if (key === 'message' || key === 'stack' || value === undefined) continue;
    if (database && rowQuotingFields.has(key)) continue;
    out[key] = key === 'cause' && value instanceof Error ? serializeErrorForLog(value) : value;
  }
  return out;
}
