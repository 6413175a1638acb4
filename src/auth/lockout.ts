/**
 * Sign-in throttling that gives an attacker no lock-out button and no way to tell accounts apart.
 *
 * - Per account (keyed by the e-mail's SHA-256, kept for unknown e-mails exactly as for real ones):
 *   after `accountStepUp` failures within the window, the password alone stops being enough. Signing in
 *   then also needs a current TOTP code, or the one-time unlock code that is e-mailed to the operator (once
 *   per window). The real operator can always get in; a guesser cannot, even with the right password.
 * - Per client address: after `addressFree` failures within the window each attempt is answered after a
 *   progressive delay (doubling, capped), which slows guessing across many accounts.
 *
 * A success clears the account's count, never the address's.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.js';

export const throttle = {
  accountStepUp: 5,
  windowMinutes: 15,
  addressFree: 10,
  firstDelayMs: 250,
  maxDelayMs: 8_000,
  unlockMinutes: 30,
} as const;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const accountSubject = (email: string) => `account:${sha256(email)}`;
const addressSubject = (address: string) => `address:${address}`;

export interface ThrottleState {
  /** The password alone is not enough: a TOTP code or the unlock code must come with it. */
  stepUp: boolean;
  /** How long to wait before answering this attempt. */
  delayMs: number;
  /** Whether `unlock` is the account's current unlock code (constant-time). */
  unlockMatches(unlock: string | undefined): boolean;
}

export async function throttleState(db: Db, email: string, address: string): Promise<ThrottleState> {
  const { rows } = await db.query<{ subject: string; failures: number; unlock_hash: string | null; unlock_valid: boolean }>(
    `SELECT subject, failures, unlock_hash, coalesce(unlock_expires_at > now(), false) AS unlock_valid FROM login_throttle
      WHERE subject IN ($1, $2) AND last_failure_at > now() - make_interval(mins => $3)`,
    [accountSubject(email), addressSubject(address), throttle.windowMinutes]);
  const account = rows.find((r) => r.subject.startsWith('account:'));
  const byAddress = rows.find((r) => r.subject.startsWith('address:'))?.failures ?? 0;
  const over = byAddress - throttle.addressFree + 1;
  return {
    stepUp: (account?.failures ?? 0) >= throttle.accountStepUp,
    delayMs: over > 0 ? Math.min(throttle.firstDelayMs * 2 ** (over - 1), throttle.maxDelayMs) : 0,
    unlockMatches(unlock) {
      if (!unlock || !account?.unlock_hash || !account.unlock_valid) return false;
      return timingSafeEqual(Buffer.from(sha256(unlock)), Buffer.from(account.unlock_hash));
    },
  };
}

/**
 * Counts one failure for the account and the address (one statement). When the account reaches the
 * step-up threshold and no unlock code went out in this window, a new one is stored (as its hash) and
 * returned, for real and unknown accounts alike; the caller mails it only to a real operator.
 */
export async function recordFailure(db: Db, email: string, address: string): Promise<{ unlockCode: string | null }> {
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO login_throttle (subject, failures, last_failure_at) VALUES ($1, 1, now()), ($2, 1, now())
     ON CONFLICT (subject) DO UPDATE SET
       failures = CASE WHEN login_throttle.last_failure_at > now() - make_interval(mins => $3) THEN login_throttle.failures + 1 ELSE 1 END,
       last_failure_at = now()
     RETURNING failures, subject = $1 AS is_account`, [accountSubject(email), addressSubject(address), throttle.windowMinutes]);
  const accountFailures = (rows as unknown as { failures: number; is_account: boolean }[]).find((r) => r.is_account)?.failures ?? 0;
  if (accountFailures < throttle.accountStepUp) return { unlockCode: null };
  const code = randomBytes(18).toString('base64url');
  const { rowCount } = await db.query(
    `UPDATE login_throttle SET unlock_hash = $2, unlock_expires_at = now() + make_interval(mins => $4), unlock_sent_at = now()
      WHERE subject = $1 AND (unlock_sent_at IS NULL OR unlock_sent_at < now() - make_interval(mins => $3))`,
    [accountSubject(email), sha256(code), throttle.windowMinutes, throttle.unlockMinutes]);
  return { unlockCode: rowCount ? code : null };
}

/** After a successful sign-in: the account starts afresh (its unlock code is spent with it). */
export async function clearAccount(db: Db, email: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE subject = $1', [accountSubject(email)]);
}
