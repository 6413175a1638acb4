import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';

const embassy = { slug: 'embassy-baghdad', name: 'Embassy Baghdad', kind: 'embassy', countryCode: 'IQ', city: 'Baghdad', lat: 33.2986, lon: 44.3956, contacts: { phone: '+964 760 030 3000' } };

describe('posts and their service status', () => {
  let t: TestContext;
  before(async () => { t = await createTestContext(); });
  after(async () => { await t.close(); });

  it('creates a post (admin) and changes its status with history', async () => {
    assert.equal((await t.request('POST', '/api/posts', { role: 'editor', body: embassy })).statusCode, 403);
    assert.equal((await t.request('POST', '/api/posts', { role: 'admin', body: embassy })).statusCode, 201);
    const suspended = await t.request('PUT', '/api/posts/embassy-baghdad/status', { role: 'editor', body: {
      status: 'suspended', message: 'All public consular operations are suspended until further notice. Do not approach the Embassy.', doNotApproach: true, departurePosture: 'ordered', since: '2020-01-03T06:00:00+00:00' } });
    // Suspending a post is a two-person decision: the editor's change waits for an approver.
    assert.equal(suspended.statusCode, 202, suspended.body);
    const approved = await t.request('POST', `/api/posts/status-requests/${suspended.json().request.id}/approve`, { role: 'approver' });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().statusSince, '2020-01-03T06:00:00.000Z');
    const post = (await t.request('GET', '/api/posts/embassy-baghdad')).json();
    assert.equal(post.status, 'suspended');
    assert.equal(post.doNotApproach, true);
    assert.equal(post.departurePosture, 'ordered');
    assert.deepEqual(post.history.map((h: { status: string }) => h.status), ['suspended']);
    const list = (await t.request('GET', '/api/posts?country=IQ')).json();
    assert.deepEqual(list.items.map((p: { slug: string }) => p.slug), ['embassy-baghdad']);
  });

  it('refuses an unknown status, an unknown post and a duplicate slug, writing nothing', async () => {
    const before = await countRows(t.db, ['posts', 'post_status_history', 'audit_log']);
    const bad = await t.request('PUT', '/api/posts/embassy-baghdad/status', { role: 'editor', body: { status: 'evacuated' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'status');
    const missing = await t.request('PUT', '/api/posts/nowhere/status', { role: 'editor', body: { status: 'normal' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().detail, 'post nowhere not found');
    const dup = await t.request('POST', '/api/posts', { role: 'admin', body: embassy });
    assert.equal(dup.statusCode, 409);
    assert.deepEqual(dup.json().errors, [{ field: 'slug', message: 'a post with this slug already exists' }]);
    const badCountry = await t.request('POST', '/api/posts', { role: 'admin', body: { ...embassy, slug: 'x-post', countryCode: 'QQ' } });
    assert.deepEqual(badCountry.json().errors, [{ field: 'countryCode', message: 'unknown country code QQ' }]);
    assert.deepEqual(await countRows(t.db, ['posts', 'post_status_history', 'audit_log']), before);
  });
});
