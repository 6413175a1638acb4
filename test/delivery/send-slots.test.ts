import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SendSlots } from '../../src/delivery/send-slots.js';

test('never more than `size` holders, first come first served, and tells when all waiters got a slot', async () => {
  const slots = new SendSlots(2);
  const order: number[] = [];
  let holding = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const work = [0, 1, 2, 3, 4].map(async (i) => {
    await slots.acquire();
    order.push(i);
    holding += 1;
    most = Math.max(most, holding);
    await new Promise<void>((r) => releases.push(r));
    holding -= 1;
    slots.release();
  });
  let allGranted = false;
  void slots.whenAllGranted().then(() => { allGranted = true; });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1]);
  assert.equal(allGranted, false);
  releases.shift()!(); releases.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.equal(allGranted, false);
  releases.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
  assert.equal(allGranted, true);
  while (releases.length) releases.shift()!();
  await Promise.all(work);
  assert.equal(most, 2);
  await slots.whenAllGranted();
});
