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
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual, type Cipher, type Decipher } from 'node:crypto';

const macBytes = 16;
const tokenBytes = 16 + macBytes;

/**
 * One AES-128 encryptor and decryptor per secret (K_e derived from it), kept open: in ECB mode without
 * padding every 16-byte update() is one independent block, so a context serves any number of tokens and
 * the hot paths (a worker rendering messages, the check-in route) never set one up again.
 */
const ciphers = new Map<string, { encrypt: Cipher; decrypt: Decipher }>();
function numberCipher(secret: string): { encrypt: Cipher; decrypt: Decipher } {
  let pair = ciphers.get(secret);
  if (!pair) {
    const key = createHmac('sha256', secret).update('checkin-number-key').digest().subarray(0, 16);
    pair = { encrypt: createCipheriv('aes-128-ecb', key, null).setAutoPadding(false), decrypt: createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false) };
    ciphers.set(secret, pair);
  }
  return pair;
}

function mac(secret: string, checkinNo: bigint): Buffer {
  return createHmac('sha256', secret).update(`checkin:${checkinNo}`).digest().subarray(0, macBytes);
}

/** The token of check-in number `checkinNo` (as PostgreSQL returns a bigint: a decimal string). */
export function checkinToken(secret: string, checkinNo: string | bigint): string {
  const n = BigInt(checkinNo);
  const block = Buffer.alloc(16);
  block.writeBigUInt64BE(n);
  return Buffer.concat([numberCipher(secret).encrypt.update(block), mac(secret, n)]).toString('base64url');
}

/** The check-in number a token carries, as a decimal string, or null when it is not one of ours. */
export function checkinNumber(secret: string, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== tokenBytes) return null;
  // Only the canonical spelling: base64url's last character has two spare bits.
  if (bytes.toString('base64url') !== token) return null;
  const block = numberCipher(secret).decrypt.update(bytes.subarray(0, 16));
  if (block.length !== 16 || block.readBigUInt64BE(8) !== 0n) return null;
  const n = block.readBigUInt64BE(0);
  return timingSafeEqual(mac(secret, n), bytes.subarray(16)) ? n.toString() : null;
}

export function checkinUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/c/${token}`;
}
