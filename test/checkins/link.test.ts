/** Check-in by link: the page, answers, and every refusal writing nothing. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { formPost, jsonPost, publishViaApi, recipientTokens } from '../support/checkin-fixtures.js';
import { countRows } from '../support/db.js';

let t: TestContext;
let ids: Map<string, string>;
let alertId = '';
const tables = ['checkins', 'checkin_history', 'deliveries'];
let tokens = new Map<string, string>();
const token = (tag: string) => tokens.get(ids.get(tag)!)!;
const unknownToken = 'A'.repeat(43);

before(async () => {
  process.env.WARDEN_CHECKIN_INVALID_MAX = '5';
  t = await createTestContext();
  ids = await addTravellers(t.db, ['ana', 'ben', 'chloe', 'dia', 'eve'].map((tag) => ({ tag, country: 'IQ', language: tag === 'chloe' ? 'fr' : tag === 'dia' ? 'ar' : 'en' })));
  alertId = (await publishViaApi(t, alertBody())).id;
  tokens = await recipientTokens(t.db, t.config.secret, alertId);
});
after(async () => { await t.close(); });

test('the page: small, mobile, works without JavaScript (one optional external script), no inline script or style, in the traveller’s language', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/c/${token('ana')}` });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /text\/html/);
  assert.equal(res.headers['cache-control'], 'no-store');
  const csp = res.headers['content-security-policy'] as string;
  assert.match(csp, /script-src 'self'/);
  assert.deepEqual(res.body.match(/<script[^>]*>[^<]*<\/script>/gi), ['<script type="module" src="/assets/checkin-push.js"></script>'], 'only the external push script');
  assert.doesNotMatch(res.body, /style="|onclick=/i);
  assert.match(res.body, /<section id="push" class="push" hidden /, 'the push offer stays hidden without the script');
  assert.match(res.body, /<form method="post" action="\/c\/[A-Za-z0-9_-]+">/);
  for (const value of ['safe', 'need_help', 'departed']) assert.match(res.body, new RegExp(`name="answer" value="${value}"`));
  assert.match(res.body, /name="viewport"/);
  assert.match(res.body, /Depart Iraq immediately/);
  assert.ok(Buffer.byteLength(res.body) < 6000, `small page (${Buffer.byteLength(res.body)} bytes)`);
  const css = await t.app.inject({ method: 'GET', url: '/c/style.css' });
  assert.equal(css.statusCode, 200);
  assert.match(css.headers['content-type'] as string, /text\/css/);
  assert.match((await t.app.inject({ method: 'GET', url: `/c/${token('chloe')}` })).body, /lang="fr".*Quittez.*J’ai besoin d’aide/s);
  const arabic = (await t.app.inject({ method: 'GET', url: `/c/${token('dia')}` })).body;
  assert.match(arabic, /<html lang="ar" dir="rtl">/);
  assert.match(arabic, /<title>طمئنا عنك<\/title>/);
  assert.match(arabic, /<button type="submit">إرسال<\/button>/, 'the Arabic send button');
  for (const answer of ['أنا آمن', 'أحتاج إلى مساعدة', 'غادرت المنطقة']) assert.ok(arabic.includes(`> ${answer}</label>`), answer);
  assert.match(arabic, /data-no-answer="لم تستجب خدمة الإشعارات في المتصفح\./, 'the push script\'s sentences in Arabic too');
  assert.match(arabic, /data-refused="رفضت خدمة الإشعارات في المتصفح: \{\{reason\}\}\./, 'with the reason left for the script');
  assert.match(res.body, /<html lang="en" dir="ltr">/);
  assert.match(res.body, /<button type="submit">Send<\/button>/);
});

test('answering again replaces the current answer and keeps the history', async () => {
  const first = await formPost(t, token('ana'), { answer: 'need_help', message: 'Stuck at the hotel', lat: '33.3128', lon: '44.3615', place: 'Hotel Rasheed' });
  assert.equal(first.statusCode, 200, first.body);
  assert.match(first.body, /your answer is recorded/);
  const second = await jsonPost(t, token('ana'), { answer: 'safe', place: 'Embassy of Jordan' });
  assert.equal(second.statusCode, 201, second.body);
  assert.deepEqual({ answer: second.json().answer, channel: second.json().channel, alertId: second.json().alertId }, { answer: 'safe', channel: 'link', alertId });
  const { rows } = await t.db.query<{ answer: string; place: string; lat: number | null }>('SELECT answer, place, lat FROM checkins WHERE traveller_id = $1', [ids.get('ana')!]);
  assert.deepEqual(rows, [{ answer: 'safe', place: 'Embassy of Jordan', lat: null }]);
  const history = await t.db.query<{ answer: string; lat: number | null }>('SELECT answer, lat FROM checkin_history WHERE traveller_id = $1 ORDER BY id', [ids.get('ana')!]);
  assert.deepEqual(history.rows, [{ answer: 'need_help', lat: 33.3128 }, { answer: 'safe', lat: null }]);
  const page = await t.app.inject({ method: 'GET', url: `/c/${token('ana')}` });
  assert.match(page.body, /Your current answer: <strong>I am safe<\/strong>/);
  assert.match(page.body, /value="safe" required checked/);
});

test('bad input gets an exact answer and writes nothing', async () => {
  const before = await countRows(t.db, tables);
  const tooLong = await jsonPost(t, token('ben'), { answer: 'need_help', message: 'x'.repeat(1001) });
  assert.equal(tooLong.statusCode, 422);
  assert.equal(tooLong.json().type, '/problems/validation');
  assert.deepEqual(tooLong.json().errors, [{ field: 'message', message: 'must be at most 1000 characters' }]);
  const formTooLong = await formPost(t, token('ben'), { answer: 'need_help', message: 'x'.repeat(1001) });
  assert.equal(formTooLong.statusCode, 422);
  assert.match(formTooLong.body, /message: must be at most 1000 characters/);
  const huge = await jsonPost(t, token('ben'), { answer: 'safe', message: 'x'.repeat(20_000) });
  assert.equal(huge.statusCode, 413);
  const lat = await jsonPost(t, token('ben'), { answer: 'safe', lat: 91, lon: 44 });
  assert.equal(lat.statusCode, 422);
  assert.deepEqual(lat.json().errors, [{ field: 'lat', message: 'lat must be between -90 and 90' }]);
  const lon = await formPost(t, token('ben'), { answer: 'safe', lat: '33', lon: '-181' });
  assert.equal(lon.statusCode, 422);
  assert.match(lon.body, /lon: lon must be between -180 and 180/);
  const half = await jsonPost(t, token('ben'), { answer: 'safe', lat: 33 });
  assert.deepEqual(half.json().errors, [{ field: 'lat', message: 'lat and lon go together' }]);
  const answer = await jsonPost(t, token('ben'), { answer: 'fine' });
  assert.equal(answer.statusCode, 422);
  assert.deepEqual(answer.json().errors, [{ field: 'answer', message: 'choose safe, need_help or departed' }]);
  const unknown = await jsonPost(t, unknownToken, { answer: 'safe' });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().type, '/problems/checkin-link-unknown');
  const page = await t.app.inject({ method: 'GET', url: '/c/not-a-token' });
  assert.equal(page.statusCode, 404);
  assert.match(page.body, /This check-in link is not valid/);
  assert.deepEqual(await countRows(t.db, tables), before);
});

test('a link works until the alert expires plus 72 hours of grace; after that, 410 and nothing written (replay included)', async () => {
  await t.db.query(`UPDATE alerts SET effective = now() - interval '10 days', expires = now() - interval '71 hours' WHERE id = $1`, [alertId]);
  assert.equal((await jsonPost(t, token('eve'), { answer: 'departed' })).statusCode, 201, 'within the grace period');
  await t.db.query(`UPDATE alerts SET expires = now() - interval '73 hours' WHERE id = $1`, [alertId]);
  const before = await countRows(t.db, tables);
  const replay = await jsonPost(t, token('eve'), { answer: 'safe' });
  assert.equal(replay.statusCode, 410);
  assert.equal(replay.json().type, '/problems/checkin-link-expired');
  const page = await t.app.inject({ method: 'GET', url: `/c/${token('eve')}` });
  assert.equal(page.statusCode, 410);
  assert.match(page.body, /This check-in link has expired/);
  assert.equal((await formPost(t, token('ben'), { answer: 'safe' })).statusCode, 410);
  assert.deepEqual(await countRows(t.db, tables), before);
  await t.db.query(`UPDATE alerts SET effective = now() - interval '1 day', expires = now() + interval '7 days' WHERE id = $1`, [alertId]);
});

test('repeated invalid tokens from one address: 429 with Retry-After for more invalid tokens, while valid links keep working (issue 12 finding 15)', async () => {
  const from = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress: '10.9.9.9' });
  for (let i = 0; i < 5; i += 1) assert.equal((await from(`/c/${'B'.repeat(40)}${i}`)).statusCode, 404);
  const blocked = await from(`/c/${'C'.repeat(43)}`);
  assert.equal(blocked.statusCode, 429);
  assert.ok(Number(blocked.headers['retry-after']) > 0 && Number(blocked.headers['retry-after']) <= 600);
  // Everyone behind one carrier NAT shares the address: a real link must still open and answer.
  const valid = await from(`/c/${token('ben')}`);
  assert.equal(valid.statusCode, 200, 'a valid link opens from a blocked address');
  const answered = await t.app.inject({ method: 'POST', url: `/c/${token('ben')}`, remoteAddress: '10.9.9.9', payload: { answer: 'safe' } });
  assert.equal(answered.statusCode, 201, answered.body);
  assert.equal((await from(`/c/${'D'.repeat(43)}`)).statusCode, 429, 'still blocked for invalid tokens');
  const elsewhere = await t.app.inject({ method: 'GET', url: `/c/${token('ben')}`, remoteAddress: '10.9.9.10' });
  assert.equal(elsewhere.statusCode, 200, 'other addresses are not affected');
});

test('answers arriving together are written together (group commit): every one stored, current = the latest of each person', async () => {
  const before = (await countRows(t.db, ['checkin_history'])).checkin_history!;
  const tags = ['ben', 'chloe', 'dia'];
  const posts = tags.flatMap((tag) => [jsonPost(t, token(tag), { answer: 'safe' }), jsonPost(t, token(tag), { answer: 'departed', place: 'Amman' })]);
  const results = await Promise.all(posts);
  assert.ok(results.every((r) => r.statusCode === 201), results.map((r) => r.statusCode).join());
  assert.equal((await countRows(t.db, ['checkin_history'])).checkin_history, before! + 6);
  const { rows } = await t.db.query<{ ok: boolean }>(
    `SELECT c.history_id = (SELECT max(h.id) FROM checkin_history h WHERE h.alert_id = c.alert_id AND h.traveller_id = c.traveller_id) AS ok
       FROM checkins c WHERE c.traveller_id = ANY($1::uuid[])`, [tags.map((tag) => ids.get(tag)!)]);
  assert.deepEqual(rows.map((r) => r.ok), [true, true, true]);
});

test('"notify me on this device" from the check-in page: the link adds a push subscription once; a bad subscription or a forged link writes nothing', async () => {
  const subscription = JSON.stringify({ endpoint: 'https://push.example.net/send/abc123', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } });
  const pushContacts = async () => (await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM contact_points WHERE traveller_id = $1 AND channel = 'webpush'`, [ids.get('ben')!])).rows[0]!.n;
  const send = (tok: string, body: unknown) => t.app.inject({ method: 'POST', url: `/c/${tok}/push`, payload: body as object, headers: { accept: 'application/json' } });
  const bad = await send(token('ben'), { subscription: '{"endpoint":"not a url","keys":{}}' });
  assert.equal(bad.statusCode, 422, bad.body);
  assert.equal(bad.json().errors[0].field, 'subscription');
  const forged = await send(`${token('ben').slice(0, -2)}xx`, { subscription });
  assert.equal(forged.statusCode, 404);
  assert.equal(await pushContacts(), '0', 'nothing written');
  const first = await send(token('ben'), { subscription });
  assert.equal(first.statusCode, 201, first.body);
  assert.deepEqual(first.json(), { channel: 'webpush', added: true });
  assert.deepEqual((await send(token('ben'), { subscription })).json(), { channel: 'webpush', added: false }, 'the same device twice is one contact point');
  assert.equal(await pushContacts(), '1');
  const audit = await t.db.query<{ action: string; actor_label: string }>(`SELECT action, actor_label FROM audit_log WHERE action = 'traveller.contact_add' AND entity_id = $1`, [ids.get('ben')!]);
  assert.equal(audit.rows.length, 1);
});
