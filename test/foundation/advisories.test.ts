import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';

const iraq = { level: 4, indicators: ['T', 'U', 'K', 'O'], title: 'Iraq - Level 4: Do Not Travel', summary: 'Do not travel to Iraq due to terrorism, kidnapping, armed conflict and civil unrest.' };

describe('advisories', () => {
  let t: TestContext;
  before(async () => { t = await createTestContext(); });
  after(async () => { await t.close(); });

  it('drafts, submits and publishes with a second approver, superseding the previous version', async () => {
    const v1 = await t.request('POST', '/api/advisories/IQ/drafts', { role: 'editor', body: { ...iraq, level: 3 } });
    assert.equal(v1.statusCode, 201, v1.body);
    assert.equal(v1.json().version, 1);
    assert.equal((await t.request('POST', `/api/advisories/versions/${v1.json().id}/submit`, { role: 'editor' })).statusCode, 200);
    assert.equal((await t.request('POST', `/api/advisories/versions/${v1.json().id}/publish`, { role: 'approver' })).statusCode, 200);

    const v2 = await t.request('POST', '/api/advisories/iq/drafts', { role: 'approver', body: iraq });
    assert.equal(v2.json().version, 2);
    await t.request('POST', `/api/advisories/versions/${v2.json().id}/submit`, { role: 'approver' });
    const own = await t.request('POST', `/api/advisories/versions/${v2.json().id}/publish`, { role: 'approver' });
    assert.equal(own.statusCode, 403, 'the author of a Level 4 advisory may not approve it');
    assert.match(own.json().detail, /second operator/);
    const published = await t.request('POST', `/api/advisories/versions/${v2.json().id}/publish`, { role: 'approver2' });
    assert.equal(published.statusCode, 200);

    const current = await t.request('GET', '/api/advisories/IQ');
    assert.equal(current.statusCode, 200);
    const body = current.json();
    assert.equal(body.level, 4);
    assert.equal(body.levelLabel, 'Do not travel');
    assert.deepEqual(body.indicators, ['T', 'U', 'K', 'O']);
    assert.deepEqual(body.history.map((h: { version: number; state: string }) => [h.version, h.state]), [[2, 'published'], [1, 'superseded']]);
  });

  it('answers 304 to a matching If-None-Match on the public advisory', async () => {
    const first = await t.request('GET', '/api/advisories/IQ');
    const etag = first.headers.etag as string;
    assert.match(etag, /^W\/"/);
    const again = await t.request('GET', '/api/advisories/IQ', { headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  it('refuses level 5, an unknown country and a missing role, writing nothing', async () => {
    const before = await countRows(t.db, ['advisories', 'audit_log']);
    const level5 = await t.request('POST', '/api/advisories/IQ/drafts', { role: 'editor', body: { ...iraq, level: 5 } });
    assert.equal(level5.statusCode, 400);
    assert.equal(level5.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(level5.json().type, '/problems/validation');
    assert.deepEqual(level5.json().errors, [{ field: 'level', message: 'must be 1 to 4' }]);

    const unknown = await t.request('POST', '/api/advisories/XQ/drafts', { role: 'editor', body: iraq });
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(unknown.json().errors, [{ field: 'countryCode', message: 'unknown country code XQ' }]);

    const badIndicator = await t.request('POST', '/api/advisories/IQ/drafts', { role: 'editor', body: { ...iraq, indicators: ['T', 'Z'] } });
    assert.equal(badIndicator.statusCode, 400);
    assert.equal(badIndicator.json().errors[0].field, 'indicators[1]');

    const viewer = await t.request('POST', '/api/advisories/IQ/drafts', { role: 'viewer', body: iraq });
    assert.equal(viewer.statusCode, 403);
    assert.equal(viewer.json().detail, 'needs the editor role');
    const anonymous = await t.request('POST', '/api/advisories/IQ/drafts', { body: iraq });
    assert.equal(anonymous.statusCode, 401);

    const badException = await t.request('POST', '/api/advisories/IQ/drafts', { role: 'editor', body: { ...iraq, exceptions: [{ level: 4, subdivisionCode: 'IR-01', note: 'x' }] } });
    assert.equal(badException.statusCode, 422);
    assert.deepEqual(badException.json().errors, [{ field: 'exceptions[0].subdivisionCode', message: 'IR-01 is not a subdivision of IQ' }]);
    assert.deepEqual(await countRows(t.db, ['advisories', 'audit_log']), before);
  });

  it('refuses to publish a draft that was never submitted', async () => {
    const draft = await t.request('POST', '/api/advisories/JO/drafts', { role: 'editor', body: { ...iraq, level: 2 } });
    const res = await t.request('POST', `/api/advisories/versions/${draft.json().id}/publish`, { role: 'approver' });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().detail, 'only a version pending approval can be published; this version is draft');
  });

  it('404s with a problem body for a country with no published advisory', async () => {
    const res = await t.request('GET', '/api/advisories/NO');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().type, '/problems/not-found');
  });
});
