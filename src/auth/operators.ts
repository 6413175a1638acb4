import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/index.js';
import { conflict, invalid, isUniqueViolation, notFound, WardenError } from '../errors.js';
import { recordAudit } from './audit.js';
import { roles, type Actor, type Role } from './roles.js';
import { hashToken, newSecretToken } from './tokens.js';

// argon2id, memory-hard (OWASP's first recommended setting: 19 MiB, 2 passes).
const argonOptions = { algorithm: 2 /* Algorithm.Argon2id; a const enum the bundler-free build cannot import */, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const sessionHours = 12;
const maxFailedLogins = 5;
const lockMinutes = 15;

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
  return db.tx(async (tx) => {
    try {
      const { rows } = await tx.query<Operator>(
        'INSERT INTO operators (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id, email, name, role',
        [email, input.name.trim(), input.role, passwordHash],
      );
      const operator = rows[0]!;
      await recordAudit(tx, actor, { action: 'operator.create', entity: 'operator', entityId: operator.id, after: operator });
      return operator;
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('email', 'an operator with this e-mail already exists');
      throw error;
    }
  });
}

export async function listOperators(db: Db): Promise<Operator[]> {
  return (await db.query<Operator>('SELECT id, email, name, role FROM operators WHERE NOT disabled ORDER BY email')).rows;
}

/**
 * Checks a password and opens a session. Failures count; after maxFailedLogins
 * the account is locked for lockMinutes, whatever the password, so guessing is slow.
 */
export async function login(db: Db, emailInput: string, password: string): Promise<{ token: string; operator: Operator; expiresAt: Date }> {
  const email = emailInput.trim().toLowerCase();
  const { rows } = await db.query<Operator & { password_hash: string; locked_until: Date | null; disabled: boolean }>(
    'SELECT id, email, name, role, password_hash, locked_until, disabled FROM operators WHERE email = $1', [email]);
  const row = rows[0];
  const refused = new WardenError('unauthorized', 'e-mail or password is wrong');
  if (!row || row.disabled) {
    await hash(password, argonOptions); // same cost whether or not the account exists
    throw refused;
  }
  if (row.locked_until && row.locked_until > new Date()) throw new WardenError('rate-limited', 'account locked after repeated failures; try again later');
  if (!(await verify(row.password_hash, password))) {
    await db.query(
      `UPDATE operators SET failed_logins = failed_logins + 1,
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
       WHERE id = $1`, [row.id, maxFailedLogins, lockMinutes]);
    throw refused;
  }
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + sessionHours * 3600_000);
  await db.tx(async (tx) => {
    await tx.query('UPDATE operators SET failed_logins = 0, locked_until = NULL WHERE id = $1', [row.id]);
    await tx.query('INSERT INTO operator_sessions (token_hash, operator_id, expires_at) VALUES ($1, $2, $3)', [hashToken(token), row.id, expiresAt]);
  });
  return { token, operator: { id: row.id, email: row.email, name: row.name, role: row.role }, expiresAt };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.query('DELETE FROM operator_sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** Resolves a session token or an API token to the operator it belongs to. */
export async function authenticate(db: Db, token: string): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const { rows } = await db.query<Operator>(
    `SELECT o.id, o.email, o.name, o.role FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT o.disabled
     UNION ALL
     SELECT o.id, o.email, o.name, o.role FROM api_tokens t JOIN operators o ON o.id = t.operator_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT o.disabled
     LIMIT 1`, [tokenHash]);
  const operator = rows[0];
  return operator ? { id: operator.id, label: operator.email, role: operator.role } : null;
}

export async function createApiToken(db: Db, actor: Actor, name: string): Promise<{ id: string; token: string }> {
  if (!actor.id) throw invalid('operator', 'API tokens belong to an operator');
  if (!name.trim()) throw invalid('name', 'must not be empty');
  const token = `wdn_${newSecretToken()}`;
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ id: string }>('INSERT INTO api_tokens (operator_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id', [actor.id, name.trim(), hashToken(token)]);
    const id = rows[0]!.id;
    await recordAudit(tx, actor, { action: 'api_token.create', entity: 'api_token', entityId: id, after: { name } });
    return { id, token };
  });
}

export async function revokeApiToken(db: Db, actor: Actor, id: string): Promise<void> {
  await db.tx(async (tx) => {
    const { rowCount } = await tx.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND operator_id = $2 AND revoked_at IS NULL', [id, actor.id]);
    if (rowCount === 0) throw notFound('API token');
    await recordAudit(tx, actor, { action: 'api_token.revoke', entity: 'api_token', entityId: id });
  });
}
