/** "Escalate now" from the console: the next round at once for the silent recipients of one alert, within maxRounds, audited. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { escalateDue } from '../../src/checkins/escalation.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { jsonPost, publishViaApi, recipientTokens } from '../support/checkin-fixtures.js';
import { backend, countRows } from '../support/db.js';

let t: TestContext;
let ids: Map<string, string>;
let alertId = '';
const markSent = (round: number) => t.db.query(`UPDATE deliveries SET state = 'sent', sent_at = now() WHERE alert_id = $1 AND round = $2`, [alertId, round]);
const escalate = (id: string, role: 'editor' | 'viewer' = 'editor') => t.request('POST', `/api/alerts/${id}/escalate`, { role });

before(async () => {
  t = await createTestContext();
  ids = await addTravellers(t.db, [{ tag: 'ana', country: 'IQ', channels: ['email', 'sms'] }, { tag: 'ben', country: 'IQ' }, { tag: 'cat', country: 'IQ', channels: ['email', 'sms'] }]);
  alertId = (await publishViaApi(t, alertBody())).id;
  await markSent(1);
  const tokens = await recipientTokens(t.db, t.config.secret, alertId);
  await jsonPost(t, tokens.get(ids.get('ana')!)!, { answer: 'safe' });
});
after(async () => { await t.close(); });

test(`queues the next round at once for those who have not answered, on their next channel, up to maxRounds (${backend})`, async () => {
  assert.equal(await escalateDue(t.db, { afterMinutes: 30, maxRounds: 3 }), 0, 'the timed pass waits the policy\u2019s 30 minutes');
  const first = await escalate(alertId);
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json(), { queued: 2 });
  const round2 = await t.db.query<{ traveller_id: string; channel: string }>(`SELECT traveller_id, channel FROM deliveries WHERE alert_id = $1 AND round = 2 ORDER BY channel`, [alertId]);
  assert.deepEqual(round2.rows.map((r) => [r.traveller_id, r.channel]).sort(), [[ids.get('ben'), 'email'], [ids.get('cat'), 'email']].sort(),
    'cat (SMS first in escalation order) gets e-mail, ben\u2019s only channel is e-mail; ana answered');
  assert.deepEqual((await escalate(alertId)).json(), { queued: 0 }, 'nobody is chased twice in a round that has not been sent');
  await markSent(2);
  assert.deepEqual((await escalate(alertId)).json(), { queued: 2 });
  await markSent(3);
  assert.deepEqual((await escalate(alertId)).json(), { queued: 0 }, 'three rounds in all (the default maxRounds)');
  const { rows } = await t.db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'alert.escalate_now' AND entity_id = $1 ORDER BY seq`, [alertId]);
  assert.deepEqual(rows.map((r) => r.after), [{ queued: 2 }, { queued: 0 }, { queued: 2 }, { queued: 0 }]);
});

test(`refuses a viewer, an unpublished alert and one that asks for no check-in, writing nothing (${backend})`, async () => {
  const draft = (await t.request('POST', '/api/alerts', { role: 'editor', body: alertBody() })).json().id;
  const quiet = (await publishViaApi(t, alertBody({ asksCheckin: false }))).id;
  const before = await countRows(t.db, ['deliveries', 'audit_log']);
  assert.equal((await escalate(alertId, 'viewer')).statusCode, 403);
  const notPublished = await escalate(draft);
  assert.equal(notPublished.statusCode, 409);
  assert.deepEqual(notPublished.json(), { type: '/problems/invalid-state', title: 'Not allowed in the current state', status: 409,
    detail: 'only a published alert can be escalated; this alert is draft', instance: `/api/alerts/${draft}/escalate` });
  const noCheckin = await escalate(quiet);
  assert.equal(noCheckin.statusCode, 409);
  assert.equal(noCheckin.json().detail, 'this alert does not ask for check-ins: there is no one to chase');
  assert.equal((await escalate('00000000-0000-4000-8000-000000000000')).statusCode, 404);
  assert.deepEqual(await countRows(t.db, ['deliveries', 'audit_log']), before);
});

test(`an alert about a day already begun (effective 10 days ago, no end) is chased: its 7 days count from publication (${backend})`, async () => {
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
  const late = (await publishViaApi(t, alertBody({ effective: tenDaysAgo, expires: undefined }))).id;
  await t.db.query(`UPDATE deliveries SET state = 'sent', sent_at = now() WHERE alert_id = $1`, [late]);
  const { rows: [recipients] } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_recipients WHERE alert_id = $1', [late]);
  assert.ok(recipients!.n > 0, 'the late alert reached someone');
  const chased = await escalate(late);
  assert.equal(chased.statusCode, 200, chased.body);
  assert.deepEqual(chased.json(), { queued: recipients!.n }, 'nobody answered it, so everyone is chased');
  assert.equal(await escalateDue(t.db, { afterMinutes: 30, maxRounds: 3 }, { now: new Date(Date.now() + 8 * 86_400_000) }), 0,
    'eight days after publication the alert no longer asks for answers');
});
