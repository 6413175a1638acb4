/**
 * Personal check-in tokens. token = base64url(HMAC-SHA256(secret, "checkin:" + alertId + ":" + travellerId)),
 * 256 bits. Only sha256(token) is stored (alert_recipients.checkin_token_hash); the worker recomputes the
 * token from the server secret when it renders a message, so the database holds nothing that grants access.
 *
 * Publishing computes the hashes for a whole recipient set in SQL (one INSERT … SELECT), so the HMAC is
 * written out from its definition, HMAC(K, m) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), with the two padded
 * keys computed here and passed as parameters: PostgreSQL's built-in sha256() is all it needs (no pgcrypto).
 */
import { createHash, createHmac } from 'node:crypto';

export function checkinToken(secret: string, alertId: string, travellerId: string): string {
  return createHmac('sha256', secret).update(`checkin:${alertId}:${travellerId}`).digest('base64url');
}

export function hashCheckinToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function checkinUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/c/${token}`;
}

/** The inner and outer padded keys of HMAC-SHA256 for this secret (block size 64 bytes). */
export function hmacPads(secret: string): { ipad: Buffer; opad: Buffer } {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > 64) key = createHash('sha256').update(key).digest();
  const block = Buffer.alloc(64);
  key.copy(block);
  return { ipad: Buffer.from(block.map((b) => b ^ 0x36)), opad: Buffer.from(block.map((b) => b ^ 0x5c)) };
}

/**
 * SQL expression for sha256(token) as hex, given SQL expressions for the padded keys (bytea),
 * the alert id and the traveller id. base64url = base64 with +/ → -_ and no padding
 * (32 bytes encode to 44 characters, below encode()'s 76-character line break).
 */
export function tokenHashSql(ipad: string, opad: string, alertId: string, travellerId: string): string {
  const message = `convert_to('checkin:' || ${alertId}::text || ':' || ${travellerId}::text, 'UTF8')`;
  const mac = `sha256(${opad} || sha256(${ipad} || ${message}))`;
  const token = `rtrim(translate(encode(${mac}, 'base64'), '+/', '-_'), '=')`;
  return `encode(sha256(convert_to(${token}, 'UTF8')), 'hex')`;
}
