import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/index.js';
import { conflict, forbidden, invalid, invalidState, notFound, WardenError } from '../errors.js';
import { createAudited, recordAudit } from './audit.js';
import { clearAccount, recordFailure, throttleState } from './lockout.js';
import { roles, type Actor, type Role, type TokenScope } from './roles.js';
import { hashToken, newSecretToken } from './tokens.js';
import { matchTotp, newTotpSecret, openTotpSecret, otpauthUri, sealTotpSecret } from './totp.js';

// argon2id, memory-hard (OWASP's first recommended setting: 19 MiB, 2 passes).
const argonOptions = { algorithm: 2 /* Algorithm.Argon2id; a const enum the bundler-free build cannot import */, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const sessionHours = 12;

export interface Operator {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export async function createOperator(db: Db, actor: Actor, input: { email: string; name: string; role: Role; password: string }): Promise<Operator> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email', 'must be an e-mail address');
  if (!roles.includes(input.role)) throw invalid('role', `must be one of ${roles.join(', ')}`);
  if (input.password.length < 12) throw invalid('password', 'must be at least 12 characters');
  if (!input.name.trim()) throw invalid('name', 'must not be empty');
  const passwordHash = await hash(input.password, argonOptions);
  return createAudited(db, actor, 'operator', { field: 'email', message: 'an operator with this e-mail already exists' }, async (tx) => {
    const { rows } = await tx.query<Operator>(
      'INSERT INTO operators (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id, email, name, role',
      [email, input.name.trim(), input.role, passwordHash]);
    return rows[0]!;
  });
}

export interface OperatorListing extends Operator { disabled: boolean }

/** Every operator, disabled ones included (an admin re-enables them here). */
export async function listOperators(db: Db): Promise<OperatorListing[]> {
  return (await db.query<OperatorListing>('SELECT id, email, name, role, disabled FROM operators ORDER BY email')).rows;
}

export async function operatorByEmail(db: Db, email: string): Promise<OperatorListing> {
  const { rows } = await db.query<OperatorListing>('SELECT id, email, name, role, disabled FROM operators WHERE email = $1', [email.trim().toLowerCase()]);
  if (!rows[0]) throw notFound('operator');
  return rows[0];
}

/**
 * The operator lifecycle: change a role, disable or re-enable an account; audited with before and after.
 * Disabling ends every session and revokes every API token of the operator in the same transaction, so
 * nothing they hold works one request later; a role change ends their sessions (their tokens follow the
 * new role at once: authentication reads the role on every request). An admin cannot disable or demote
 * themselves, and the last enabled admin cannot be removed (someone must be able to undo a mistake).
 */
export async function updateOperator(db: Db, actor: Actor, id: string, change: { role?: Role; disabled?: boolean }): Promise<OperatorListing> {
  if (change.role !== undefined && !roles.includes(change.role)) throw invalid('role', `must be one of ${roles.join(', ')}`);
  return db.tx(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7201004)'); // serialises lifecycle changes: the last-admin check holds under concurrency
    const { rows } = await tx.query<OperatorListing>('SELECT id, email, name, role, disabled FROM operators WHERE id = $1 FOR UPDATE', [id]);
    const before = rows[0];
    if (!before) throw notFound('operator');
    const after = { ...before, role: change.role ?? before.role, disabled: change.disabled ?? before.disabled };
    const removesAdmin = before.role === 'admin' && !before.disabled && (after.role !== 'admin' || after.disabled);
    if (removesAdmin && actor.id === id) throw forbidden('an admin cannot disable or demote themselves; ask another admin');
    if (removesAdmin) {
      const { rows: admins } = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM operators WHERE role = 'admin' AND NOT disabled AND id <> $1", [id]);
      if (admins[0]!.n === 0) throw invalidState('the last enabled admin cannot be disabled or demoted');
    }
    if (after.role === before.role && after.disabled === before.disabled) return before;
    await tx.query('UPDATE operators SET role = $2, disabled = $3 WHERE id = $1', [id, after.role, after.disabled]);
    const sessionsEnded = await endSessionsIn(tx, id);
    const tokensRevoked = after.disabled && !before.disabled
      ? (await tx.query('UPDATE api_tokens SET revoked_at = now(), revoked_by = $2 WHERE operator_id = $1 AND revoked_at IS NULL', [id, actor.id])).rowCount ?? 0
      : 0;
    await recordAudit(tx, actor, { action: after.disabled && !before.disabled ? 'operator.disable' : !after.disabled && before.disabled ? 'operator.enable' : 'operator.role_change',
      entity: 'operator', entityId: id, before: { role: before.role, disabled: before.disabled }, after: { role: after.role, disabled: after.disabled, sessionsEnded, tokensRevoked } });
    return after;
  });
}

/** Ends every session of an operator at once (a lost laptop, a shared screen): audited. API tokens stay. */
export async function endOperatorSessions(db: Db, actor: Actor, id: string): Promise<{ sessionsEnded: number }> {
  return db.tx(async (tx) => {
    const { rowCount } = await tx.query('SELECT 1 FROM operators WHERE id = $1', [id]);
    if (!rowCount) throw notFound('operator');
    const sessionsEnded = await endSessionsIn(tx, id);
    await recordAudit(tx, actor, { action: 'operator.sessions_end', entity: 'operator', entityId: id, after: { sessionsEnded } });
    return { sessionsEnded };
  });
}

async function endSessionsIn(tx: Db, operatorId: string): Promise<number> {
  return (await tx.query('DELETE FROM operator_sessions WHERE operator_id = $1', [operatorId])).rowCount ?? 0;
}

export interface LoginOptions {
  /** A current TOTP code (operators who enrolled a second factor). */
  code?: string;
  /** The one-time unlock code e-mailed after repeated failures. */
  unlock?: string;
  serverSecret?: string;
  /** The client address, for the per-address throttle. */
  address?: string;
  /** Sends an unlock code to a real operator (fire and forget: the answer must not wait for it). */
  sendUnlock?: (to: string, unlockCode: string) => Promise<void>;
}

/** The one answer to every refused sign-in: it never says which part was wrong, nor whether the account exists. */
export const signInRefused = 'sign-in refused: the e-mail, the password or the code is wrong (after repeated failures, send the TOTP code or the unlock code e-mailed to you as well)';

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password (and, when the operator enrolled TOTP, a current code, accepted once) and opens a session.
 * Every refusal — unknown or disabled account, wrong password, missing, wrong or replayed code, throttled
 * account — gives the same answer after the same work (one argon2 verification), and counts as a failure
 * (src/auth/lockout.ts): after repeated failures the password alone no longer signs in, but the account is
 * never locked against its owner (TOTP code or e-mailed unlock code).
 */
export async function login(db: Db, emailInput: string, password: string, opts: LoginOptions = {}): Promise<{ token: string; operator: Operator; expiresAt: Date }> {
  const email = emailInput.trim().toLowerCase();
  const address = opts.address ?? 'unknown';
  const state = await throttleState(db, email, address);
  if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
  const { rows } = await db.query<Operator & { password_hash: string; disabled: boolean; totp_secret: string | null; totp_enabled_at: Date | null; totp_last_step: string | null }>(
    'SELECT id, email, name, role, password_hash, disabled, totp_secret, totp_enabled_at, totp_last_step FROM operators WHERE email = $1', [email]);
  const row = rows[0];
  // Same cost whether or not the account exists: always exactly one argon2 verification.
  const fallbackHash = await (dummyHash ??= hash(newSecretToken(), argonOptions));
  const passwordOk = await verify(row?.password_hash ?? fallbackHash, password) && !!row && !row.disabled;
  const hasTotp = !!(row?.totp_enabled_at && row.totp_secret);
  let totpStep: number | null = null;
  if (passwordOk && hasTotp && opts.code) {
    const step = matchTotp(openTotpSecret(opts.serverSecret ?? '', row!.totp_secret!), opts.code);
    if (step !== null && (row!.totp_last_step === null || step > Number(row!.totp_last_step))) totpStep = step;
  }
  const secondStepOk = totpStep !== null || (!hasTotp && state.unlockMatches(opts.unlock));
  const ok = passwordOk && (!hasTotp || totpStep !== null) && (!state.stepUp || secondStepOk);
  if (!ok || !row) {
    const { unlockCode } = await recordFailure(db, email, address);
    if (unlockCode && row && !row.disabled && !hasTotp && opts.sendUnlock) void opts.sendUnlock(row.email, unlockCode).catch(() => undefined);
    throw new WardenError('unauthorized', signInRefused);
  }
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + sessionHours * 3600_000);
  await db.tx(async (tx) => {
    await tx.query('UPDATE operators SET totp_last_step = coalesce($2, totp_last_step) WHERE id = $1', [row.id, totpStep]);
    await tx.query('INSERT INTO operator_sessions (token_hash, operator_id, expires_at) VALUES ($1, $2, $3)', [hashToken(token), row.id, expiresAt]);
  });
  await clearAccount(db, email);
  return { token, operator: { id: row.id, email: row.email, name: row.name, role: row.role }, expiresAt };
}

/**
 * Starts TOTP enrolment for the acting operator: a new secret, stored encrypted and not yet active.
 * The secret and its otpauth URI are returned once; the operator confirms with a code to activate.
 * An operator whose TOTP is already active cannot re-enrol (an admin resets it).
 */
export async function startTotpEnrolment(db: Db, actor: Actor, serverSecret: string): Promise<{ secret: string; otpauthUri: string }> {
  if (!actor.id) throw invalid('operator', 'TOTP belongs to an operator');
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ email: string; totp_enabled_at: Date | null }>('SELECT email, totp_enabled_at FROM operators WHERE id = $1 FOR UPDATE', [actor.id]);
    if (!rows[0]) throw notFound('operator');
    if (rows[0].totp_enabled_at) throw conflict('totp', 'a second factor is already active');
    const secret = newTotpSecret();
    await tx.query('UPDATE operators SET totp_secret = $2, totp_last_step = NULL WHERE id = $1', [actor.id, sealTotpSecret(serverSecret, secret)]);
    await recordAudit(tx, actor, { action: 'operator.totp_enrol', entity: 'operator', entityId: actor.id });
    return { secret, otpauthUri: otpauthUri(rows[0].email, secret) };
  });
}

export async function confirmTotpEnrolment(db: Db, actor: Actor, serverSecret: string, code: string): Promise<void> {
  if (!actor.id) throw invalid('operator', 'TOTP belongs to an operator');
  await db.tx(async (tx) => {
    const { rows } = await tx.query<{ totp_secret: string | null; totp_enabled_at: Date | null }>('SELECT totp_secret, totp_enabled_at FROM operators WHERE id = $1 FOR UPDATE', [actor.id]);
    const row = rows[0];
    if (!row) throw notFound('operator');
    if (row.totp_enabled_at) throw conflict('totp', 'a second factor is already active');
    if (!row.totp_secret) throw new WardenError('invalid-state', 'start enrolment first (POST /api/auth/totp)');
    const step = matchTotp(openTotpSecret(serverSecret, row.totp_secret), code);
    if (step === null) throw invalid('code', 'does not match the secret');
    await tx.query('UPDATE operators SET totp_enabled_at = now(), totp_last_step = $2 WHERE id = $1', [actor.id, step]);
    await recordAudit(tx, actor, { action: 'operator.totp_confirm', entity: 'operator', entityId: actor.id });
  });
}

/** Admin reset of an operator's second factor (lost phone): audited; the operator enrols again. */
export async function resetTotp(db: Db, actor: Actor, operatorId: string): Promise<void> {
  await db.tx(async (tx) => {
    const { rowCount } = await tx.query('UPDATE operators SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1', [operatorId]);
    if (!rowCount) throw notFound('operator');
    await recordAudit(tx, actor, { action: 'operator.totp_reset', entity: 'operator', entityId: operatorId });
  });
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.query('DELETE FROM operator_sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** Resolves a session token or an API token to the operator it belongs to (API tokens carry their scopes). */
export async function authenticate(db: Db, token: string): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const { rows } = await db.query<Operator & { scopes: TokenScope[] | null }>(
    `SELECT o.id, o.email, o.name, o.role, NULL::text[] AS scopes FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT o.disabled
     UNION ALL
     SELECT o.id, o.email, o.name, o.role, t.scopes FROM api_tokens t JOIN operators o ON o.id = t.operator_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT o.disabled
     LIMIT 1`, [tokenHash]);
  const operator = rows[0];
  if (!operator) return null;
  return { id: operator.id, label: operator.email, role: operator.role, ...(operator.scopes ? { scopes: operator.scopes } : {}) };
}

export interface ApiTokenView { id: string; name: string; scopes: TokenScope[]; createdAt: string; revokedAt: string | null }

/** A new API token (shown once; stored as its SHA-256). Scopes default to read-only: least privilege. */
export async function createApiToken(db: Db, actor: Actor, name: string, scopes: readonly TokenScope[] = ['read']): Promise<{ id: string; token: string; scopes: TokenScope[] }> {
  if (!actor.id) throw invalid('operator', 'API tokens belong to an operator');
  if (!name.trim()) throw invalid('name', 'must not be empty');
  const wanted: TokenScope[] = scopes.includes('write') ? ['read', 'write'] : ['read'];
  // A token cannot grant more than the token that creates it.
  if (actor.scopes && wanted.some((s) => !actor.scopes!.includes(s))) throw new WardenError('forbidden', 'a token cannot create a token with more scopes than its own');
  const token = `wdn_${newSecretToken()}`;
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ id: string }>('INSERT INTO api_tokens (operator_id, name, token_hash, scopes) VALUES ($1, $2, $3, $4) RETURNING id', [actor.id, name.trim(), hashToken(token), wanted]);
    const id = rows[0]!.id;
    await recordAudit(tx, actor, { action: 'api_token.create', entity: 'api_token', entityId: id, after: { name, scopes: wanted } });
    return { id, token, scopes: wanted };
  });
}

export async function listApiTokens(db: Db, actor: Actor): Promise<ApiTokenView[]> {
  const { rows } = await db.query<{ id: string; name: string; scopes: TokenScope[]; created_at: Date; revoked_at: Date | null }>(
    'SELECT id, name, scopes, created_at, revoked_at FROM api_tokens WHERE operator_id = $1 ORDER BY created_at DESC', [actor.id]);
  return rows.map((r) => ({ id: r.id, name: r.name, scopes: r.scopes, createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null }));
}

/** Revokes one of the actor's own tokens; an admin may revoke anyone's (a leaked or departed operator's token). */
export async function revokeApiToken(db: Db, actor: Actor, id: string): Promise<void> {
  const isAdmin = actor.role === 'admin';
  await db.tx(async (tx) => {
    const { rowCount } = await tx.query('UPDATE api_tokens SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND (operator_id = $2 OR $3::boolean) AND revoked_at IS NULL', [id, actor.id, isAdmin]);
    if (rowCount === 0) throw notFound('API token');
    await recordAudit(tx, actor, { action: 'api_token.revoke', entity: 'api_token', entityId: id });
  });
}
