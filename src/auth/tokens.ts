import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret of 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256; the secret itself is shown once. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
