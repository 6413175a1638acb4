/**
 * Personal check-in tokens: token = base64url(n ‖ MAC), where n is the recipient's check-in number
 * (alert_recipients.checkin_no, from a sequence; 8 bytes big-endian) and MAC is the first 24 bytes of
 * HMAC-SHA256(secret, "checkin:" + n). 32 bytes, 43 characters; 192 bits that cannot be guessed without
 * the server secret.
 *
 * The database keeps only n, which opens nothing by itself, and nothing is computed per recipient in SQL
 * when an alert is published. A link is checked here, in constant time, before the database is asked, so
 * a forged or mistyped link costs no query. The worker recomputes the token when it renders a message.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const macBytes = 24;
const tokenBytes = 8 + macBytes;

function mac(secret: string, checkinNo: bigint): Buffer {
  return createHmac('sha256', secret).update(`checkin:${checkinNo}`).digest().subarray(0, macBytes);
}

/** The token of check-in number `checkinNo` (as PostgreSQL returns a bigint: a decimal string). */
export function checkinToken(secret: string, checkinNo: string | bigint): string {
  const n = BigInt(checkinNo);
  const head = Buffer.alloc(8);
  head.writeBigUInt64BE(n);
  return Buffer.concat([head, mac(secret, n)]).toString('base64url');
}

/** The check-in number a token carries, as a decimal string, or null when it is not one of ours. */
export function checkinNumber(secret: string, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== tokenBytes) return null;
  const n = bytes.readBigUInt64BE(0);
  // Compared as re-encoded text, so only the canonical spelling of a token is accepted (base64url's last
  // character has two spare bits).
  const expected = Buffer.from(checkinToken(secret, n));
  return timingSafeEqual(expected, Buffer.from(token)) ? n.toString() : null;
}

export function checkinUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/c/${token}`;
}
