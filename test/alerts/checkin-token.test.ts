/** Check-in tokens: the check-in number and a MAC over it; only this server's secret opens them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkinNumber, checkinToken } from '../../src/alerts/checkin-token.js';

const secret = 'test-secret-test-secret-test-secret-0001';

test('a token is 43 base64url characters and gives back its check-in number', () => {
  for (const n of ['1', '42', '9007199254740993', '9223372036854775807']) {
    const token = checkinToken(secret, n);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(checkinNumber(secret, token), n);
  }
  assert.notEqual(checkinToken(secret, '1'), checkinToken(secret, '2'));
});

test('a token with any character changed, another secret, or the wrong shape opens nothing', () => {
  const token = checkinToken(secret, '1234');
  for (let i = 0; i < token.length; i++) {
    const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    assert.equal(checkinNumber(secret, changed), null, `character ${i}`);
  }
  assert.equal(checkinNumber('other-secret-other-secret-other-secret-1', token), null);
  for (const bad of ['', 'A'.repeat(43), token.slice(0, 42), `${token}A`, token.replace(/.$/, '+'), '../../etc/passwd']) {
    assert.equal(checkinNumber(secret, bad), null, bad);
  }
});

test('a forged number with a guessed MAC is refused: the MAC covers the number', () => {
  const real = Buffer.from(checkinToken(secret, '1234'), 'base64url');
  real.writeBigUInt64BE(1235n, 0);
  assert.equal(checkinNumber(secret, real.toString('base64url')), null);
  // Another token's number block with this token's MAC: the block decrypts, the MAC does not match.
  const other = Buffer.from(checkinToken(secret, '1235'), 'base64url');
  assert.equal(checkinNumber(secret, Buffer.concat([other.subarray(0, 16), real.subarray(16)]).toString('base64url')), null);
});

test('consecutive numbers do not show in their tokens (the number is encrypted)', () => {
  const a = Buffer.from(checkinToken(secret, '1000'), 'base64url').subarray(0, 16);
  const b = Buffer.from(checkinToken(secret, '1001'), 'base64url').subarray(0, 16);
  let differing = 0;
  for (let i = 0; i < 16; i++) differing += a[i] === b[i] ? 0 : 1;
  assert.ok(differing >= 12, `the two blocks share ${16 - differing} of 16 bytes`);
  assert.ok(!checkinToken(secret, '1000').includes('A'.repeat(8)), 'no run of zero bytes from the number\'s high end');
});
