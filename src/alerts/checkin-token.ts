/**
 * Personal check-in tokens. A recipient has a check-in number n (alert_recipients.checkin_no, from a
 * sequence). token = base64url(E ‖ M): E = AES-128(K_e, n as 8 bytes ‖ 8 zero bytes), one block, so the
 * number does not show (sequential numbers would tell how many people were sent links between two alerts);
 * M = the first 16 bytes of HMAC-SHA256(WARDEN_SECRET, "checkin:" + n). 32 bytes, 43 characters; K_e is
 * derived from the same secret.
 *
 * The database keeps only n, which opens nothing by itself, and nothing is computed per recipient in SQL
 * when an alert is published. A link is checked here — the block must decrypt to a number and eight zero
 * bytes, and the MAC must match in constant time — before the database is asked, so a forged or mistyped
 * link costs no query. The worker recomputes the token when it renders a message.
 */
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

const macBytes = 16;
const tokenBytes = 16 + macBytes;

const numberKeys = new Map<string, Buffer>();
/** K_e: the number-hiding key, derived from the server secret (cached: derived once per secret). */
function numberKey(secret: string): Buffer {
  let key = numberKeys.get(secret);
  if (!key) {
    key = createHmac('sha256', secret).update('checkin-number-key').digest().subarray(0, 16);
    numberKeys.set(secret, key);
  }
  return key;
}

function aesBlock(secret: string, block: Buffer, decrypt: boolean): Buffer {
  const cipher = decrypt ? createDecipheriv('aes-128-ecb', numberKey(secret), null) : createCipheriv('aes-128-ecb', numberKey(secret), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

function mac(secret: string, checkinNo: bigint): Buffer {
  return createHmac('sha256', secret).update(`checkin:${checkinNo}`).digest().subarray(0, macBytes);
}

/** The token of check-in number `checkinNo` (as PostgreSQL returns a bigint: a decimal string). */
export function checkinToken(secret: string, checkinNo: string | bigint): string {
  const n = BigInt(checkinNo);
  const block = Buffer.alloc(16);
  block.writeBigUInt64BE(n);
  return Buffer.concat([aesBlock(secret, block, false), mac(secret, n)]).toString('base64url');
}

/** The check-in number a token carries, as a decimal string, or null when it is not one of ours. */
export function checkinNumber(secret: string, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== tokenBytes) return null;
  const block = aesBlock(secret, bytes.subarray(0, 16), true);
  if (block.readBigUInt64BE(8) !== 0n) return null;
  const n = block.readBigUInt64BE(0);
  // Compared as re-encoded text, so only the canonical spelling of a token is accepted (base64url's last
  // character has two spare bits).
  const expected = Buffer.from(checkinToken(secret, n));
  return timingSafeEqual(expected, Buffer.from(token)) ? n.toString() : null;
}

export function checkinUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/c/${token}`;
}
