/** Alert templates (saved per kind) and the preview of the e-mail and SMS as the worker renders them. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { backend, countRows } from '../support/db.js';

let t: TestContext;
before(async () => { t = await createTestContext(); });
after(async () => { await t.close(); });

const template = (overrides: Record<string, unknown> = {}) => ({
  kind: 'health_alert', name: 'Boil water',
  infos: [{ language: 'en', event: 'Water contamination', headline: 'Boil tap water', description: 'The water supply is contaminated.', instruction: 'Boil tap water for one minute.' }],
  ...overrides,
});

describe(`alert templates (${backend})`, () => {
  it('ships the model case\u2019s defaults in English and Arabic, filtered by kind', async () => {
    const res = await t.request('GET', '/api/alert-templates?kind=security_alert', { role: 'viewer' });
    assert.equal(res.statusCode, 200);
    const items = res.json().items as { name: string; kind: string; infos: { language: string; headline: string }[] }[];
    assert.deepEqual(items.map((i) => i.name), ['Depart immediately', 'Do not approach the embassy', 'Shelter in place']);
    for (const item of items) assert.deepEqual(item.infos.map((i) => i.language), ['en', 'ar']);
    assert.equal(items[0]!.infos[1]!.headline, 'غادروا البلاد فوراً');
    const all = (await t.request('GET', '/api/alert-templates', { role: 'viewer' })).json().items as { kind: string }[];
    assert.deepEqual([...new Set(all.map((i) => i.kind))], ['demonstration_alert', 'security_alert']);
  });

  it('an editor saves, replaces and deletes a template; each write audited', async () => {
    const created = await t.request('POST', '/api/alert-templates', { role: 'editor', body: template() });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    assert.equal(created.json().urgency, 'Immediate');
    const replaced = await t.request('PUT', `/api/alert-templates/${id}`, { role: 'editor', body: template({ name: 'Boil all water', severity: 'Moderate' }) });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().name, 'Boil all water');
    assert.equal(replaced.json().severity, 'Moderate');
    assert.deepEqual((await t.request('GET', '/api/alert-templates?kind=health_alert', { role: 'viewer' })).json().items.map((i: { name: string }) => i.name), ['Boil all water']);
    assert.equal((await t.request('DELETE', `/api/alert-templates/${id}`, { role: 'editor' })).statusCode, 204);
    assert.equal((await t.request('DELETE', `/api/alert-templates/${id}`, { role: 'editor' })).statusCode, 404);
    const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'alert_template' AND entity_id = $1 ORDER BY seq`, [id]);
    assert.deepEqual(rows.map((r) => r.action), ['alert_template.create', 'alert_template.update', 'alert_template.delete']);
  });

  it('refuses a duplicate name, two blocks in one language, an unknown kind and a viewer — nothing written', async () => {
    const before = await countRows(t.db, ['alert_templates', 'audit_log']);
    const dup = await t.request('POST', '/api/alert-templates', { role: 'editor', body: template({ kind: 'security_alert', name: 'Shelter in place' }) });
    assert.equal(dup.statusCode, 409);
    assert.deepEqual(dup.json().errors, [{ field: 'name', message: 'a template of this kind already has this name' }]);
    const twice = await t.request('POST', '/api/alert-templates', { role: 'editor', body: template({ infos: [template().infos[0], template().infos[0]] }) });
    assert.equal(twice.statusCode, 422);
    assert.deepEqual(twice.json().errors, [{ field: 'infos[1].language', message: 'a second info block in en' }]);
    const kind = await t.request('POST', '/api/alert-templates', { role: 'editor', body: template({ kind: 'security alert' }) });
    assert.equal(kind.statusCode, 400);
    assert.deepEqual(kind.json().errors.map((e: { field: string }) => e.field), ['kind']);
    assert.equal((await t.request('POST', '/api/alert-templates', { role: 'viewer', body: template() })).statusCode, 403);
    assert.deepEqual(await countRows(t.db, ['alert_templates', 'audit_log']), before);
  });
});

describe(`preview of the messages as sent (${backend})`, () => {
  const arabic = { language: 'ar', event: 'الوضع الأمني', headline: 'غادروا العراق فوراً', description: 'تدهور الوضع الأمني.', instruction: 'غادروا العراق فوراً.\nلا تقتربوا من السفارة.' };

  it('renders the e-mail and the SMS per language: English in GSM-7, Arabic in UCS-2, with the segments', async () => {
    const body = alertBody({ infos: [alertBody().infos && (alertBody().infos as unknown[])[0], arabic] });
    const res = await t.request('POST', '/api/alerts/preview', { role: 'editor', body });
    assert.equal(res.statusCode, 200, res.body);
    const { items, linkPlaceholder } = res.json() as { items: { language: string; email: { subject: string; text: string; html: string }; sms: { text: string; characters: number; encoding: string; segments: number; units: number } }[]; linkPlaceholder: string };
    assert.deepEqual(items.map((i) => i.language), ['en', 'ar']);
    const [en, ar] = items as [typeof items[0], typeof items[0]];
    assert.equal(en.email.subject, 'Security Alert – Embassy Baghdad: Depart Iraq immediately');
    assert.match(en.email.text, /Actions to Take:\n- Depart Iraq immediately\.\n- Do not approach the Embassy\./);
    assert.ok(en.email.text.includes(linkPlaceholder), 'the e-mail carries the check-in link');
    assert.match(ar.email.html, /<html lang="ar" dir="rtl">/);
    assert.equal(en.sms.encoding, 'GSM-7');
    assert.equal(ar.sms.encoding, 'UCS-2');
    assert.ok(ar.sms.text.includes('غادروا العراق فوراً'));
    assert.ok(en.sms.text.endsWith(linkPlaceholder));
    assert.equal(en.sms.characters, Array.from(en.sms.text).length);
    assert.equal(en.sms.segments, en.sms.units <= 160 ? 1 : Math.ceil(en.sms.units / 153));
    assert.ok(ar.sms.segments >= 2 && ar.sms.units > 70, `Arabic SMS of ${ar.sms.units} units is ${ar.sms.segments} segments`);
  });

  it('previews a stored alert in each of its languages, and refuses bad input naming the field', async () => {
    const created = (await t.request('POST', '/api/alerts', { role: 'editor', body: alertBody() })).json();
    const stored = await t.request('GET', `/api/alerts/${created.id}/preview`, { role: 'viewer' });
    assert.equal(stored.statusCode, 200);
    assert.deepEqual(stored.json().items.map((i: { language: string }) => i.language), ['en', 'fr']);
    assert.match(stored.json().items[1].email.subject, /Quittez l’Irak immédiatement$/);
    const before = await countRows(t.db, ['alerts', 'audit_log']);
    const bad = await t.request('POST', '/api/alerts/preview', { role: 'editor', body: alertBody({ area: { countries: ['QQ'] } }) });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field), ['area.countries[0]']);
    assert.deepEqual(await countRows(t.db, ['alerts', 'audit_log']), before);
    assert.equal((await t.request('POST', '/api/alerts/preview', { role: 'viewer', body: alertBody() })).statusCode, 403);
  });
});
