import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits: what every authenticator app speaks), computed by
 * the `otpauth` library; this module only fixes the parameters and keeps secrets sealed at rest.
 */
const stepSeconds = 30;
const digits = 6;
const params = { algorithm: 'SHA1', digits, period: stepSeconds } as const;

export function base32Encode(bytes: Buffer): string {
  return new Secret({ buffer: new Uint8Array(bytes).buffer }).base32;
}

export function base32Decode(text: string): Buffer {
  return Buffer.from(Secret.fromBase32(text.replace(/[\s=]/g, '').toUpperCase()).bytes);
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** RFC 4226 HOTP of one counter value. */
export function hotp(secret: Buffer, counter: number): string {
  return HOTP.generate({ secret: new Secret({ buffer: new Uint8Array(secret).buffer }), counter, algorithm: params.algorithm, digits });
}

export const totpStep = (at: Date = new Date()): number => Math.floor(at.getTime() / 1000 / stepSeconds);

export function totpCode(secretBase32: string, at: Date = new Date()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), timestamp: at.getTime(), ...params });
}

/**
 * The step a code matches within ±1 step of clock drift, or null (the library compares in constant time);
 * callers refuse a step at or before the last one used (replay).
 */
export function matchTotp(secretBase32: string, code: string, at: Date = new Date()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secretBase32), timestamp: at.getTime(), window: 1, ...params });
  return delta === null ? null : totpStep(at) + delta;
}

/** The key URI authenticator apps scan (Google's Key URI Format). */
export function otpauthUri(account: string, secretBase32: string, issuer = 'Warden'): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secretBase32), ...params }).toString();
}

/** TOTP secrets are stored encrypted (AES-256-GCM) under a key derived from the server secret, so a copied table alone gives nothing. */
function keyOf(serverSecret: string): Buffer {
  if (serverSecret.length < 32) throw new Error('the server secret (WARDEN_SECRET) is needed for TOTP');
  return Buffer.from(hkdfSync('sha256', serverSecret, 'warden', 'totp-secret-v1', 32));
}

export function sealTotpSecret(serverSecret: string, secretBase32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(serverSecret), iv);
  const body = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openTotpSecret(serverSecret: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown TOTP secret format');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(serverSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
