/**
 * The browser's side of web push, for tests: a key pair and auth secret that make a
 * subscription, and decryption of an aes128gcm body (RFC 8291 over RFC 8188), so a test
 * can read what a traveller's service worker would receive.
 */
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';

export interface TestSubscriber {
  subscription(endpoint: string): { endpoint: string; keys: { p256dh: string; auth: string } };
  decrypt(body: Buffer): string;
}

function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

export function createTestSubscriber(): TestSubscriber {
  const ecdh = createECDH('prime256v1');
  const userAgentPublic = ecdh.generateKeys();
  const authSecret = randomBytes(16);

  return {
    subscription: (endpoint) => ({
      endpoint,
      keys: { p256dh: userAgentPublic.toString('base64url'), auth: authSecret.toString('base64url') },
    }),
    decrypt(body) {
      // RFC 8188 header: salt (16) | record size (4) | key id length (1) | key id (the sender's public key)
      const salt = body.subarray(0, 16);
      const keyIdLength = body.readUInt8(20);
      const senderPublic = body.subarray(21, 21 + keyIdLength);
      const record = body.subarray(21 + keyIdLength);
      const sharedSecret = ecdh.computeSecret(senderPublic);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), userAgentPublic, senderPublic]);
      const ikm = hkdf(authSecret, sharedSecret, keyInfo, 32);
      const contentKey = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
      const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
      const decipher = createDecipheriv('aes-128-gcm', contentKey, nonce);
      decipher.setAuthTag(record.subarray(record.length - 16));
      const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
      // The last record ends with the delimiter 0x02 followed by zero padding.
      const delimiter = padded.lastIndexOf(2);
      if (delimiter < 0) throw new Error('no padding delimiter in the last record');
      return padded.subarray(0, delimiter).toString('utf8');
    },
  };
}
