/**
 * Findings 3 and 6 of the red-team pass: the two-person rule had gaps. One editor could lift an embassy's
 * suspension and "do not approach", change the departure posture and back-date `since`; an approver alone
 * could publish an "all clear" over a Level 4 advisory; and a large send split into small alerts avoided
 * the recipient threshold.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setAdvisoryDirectly } from '../../src/advisories/service.js';
import { systemActor } from '../../src/auth/roles.js';
import { createPost, setPostStatus } from '../../src/posts/service.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { backend, countRows } from '../support/db.js';
import { createSecurityContext, type SecurityContext, type Who } from './context.js';

const suspended = { status: 'suspended', message: 'All public consular operations are suspended. Do not approach the Embassy.', doNotApproach: true, departurePosture: 'ordered' } as const;

describe(`two-person rule: lifting, posture and back-dating of a post status (${backend})`, () => {
  let t: SecurityContext;
  before(async () => {
    t = await createSecurityContext({ config: { secret: 'two-person-gaps-secret-two-person-gaps-01' } });
    for (const slug of ['embassy-baghdad', 'consulate-erbil']) {
      await createPost(t.db, systemActor('test'), { slug, name: slug, kind: slug.startsWith('embassy') ? 'embassy' : 'consulate', countryCode: 'IQ', city: 'Baghdad', contacts: {} });
    }
    await setPostStatus(t.db, systemActor('cli'), 'embassy-baghdad', suspended);
  });
  after(async () => { await t.close(); });

  const put = (slug: string, body: unknown, as: Who = 'editor') => t.request('PUT', `/api/posts/${slug}/status`, { as, body });
  const publicPost = async (slug: string) => (await t.request('GET', `/api/posts/${slug}`)).json();

  it('turns an editor lifting the suspension or "do not approach" into a pending request; the public page is unchanged', async () => {
    const before = await countRows(t.db, ['post_status_history']);
    const reopen = await put('embassy-baghdad', { status: 'normal', doNotApproach: false, departurePosture: 'ordered' });
    assert.equal(reopen.statusCode, 202, reopen.body);
    assert.equal(reopen.json().request.state, 'pending');
    const liftOnly = await put('embassy-baghdad', { ...suspended, doNotApproach: false });
    assert.equal(liftOnly.statusCode, 202, liftOnly.body);
    const post = await publicPost('embassy-baghdad');
    assert.deepEqual([post.status, post.doNotApproach, post.departurePosture], ['suspended', true, 'ordered']);
    assert.deepEqual(await countRows(t.db, ['post_status_history']), before);
  });

  it('turns a change of departure posture and a back-dated `since` into requests, and lets ordinary edits apply at once', async () => {
    const posture = await put('consulate-erbil', { status: 'limited', message: 'Visa services paused', departurePosture: 'ordered' });
    assert.equal(posture.statusCode, 202, posture.body);
    const backdated = await put('consulate-erbil', { status: 'limited', message: 'Visa services paused', since: '2020-01-01T00:00:00Z' });
    assert.equal(backdated.statusCode, 202, backdated.body);
    const post = await publicPost('consulate-erbil');
    assert.deepEqual([post.status, post.departurePosture], ['normal', 'none']);
    const ordinary = await put('consulate-erbil', { status: 'limited', message: 'Visa services paused', since: new Date().toISOString() });
    assert.equal(ordinary.statusCode, 200, ordinary.body);
    assert.deepEqual([ordinary.json().status, ordinary.json().departurePosture], ['limited', 'none']);
    // Lifting "limited" back to normal lifts no protection: still one person.
    assert.equal((await put('consulate-erbil', { status: 'normal' })).statusCode, 200);
  });

  it('refuses the same changes through the service, naming each reason, and keeps the CLI (system actor) path', async () => {
    const editor = { id: t.operatorIds.editor, label: 'editor@ops.test', role: 'editor' as const };
    await assert.rejects(setPostStatus(t.db, editor, 'embassy-baghdad', { status: 'normal', message: '', doNotApproach: false, departurePosture: 'none', since: '2019-12-31T00:00:00Z' }),
      { message: 'lifting status suspended and lifting "do not approach" and changing the departure posture (ordered → none) and back-dating the status needs approval by a second operator: request it, or an admin overrides' });
    assert.equal((await publicPost('embassy-baghdad')).status, 'suspended');
  });

  it('applies a lifting request only on a second operator\'s approval', async () => {
    const asked = await put('embassy-baghdad', { status: 'limited', message: 'Emergency services only', doNotApproach: false, departurePosture: 'authorized' }, 'approver');
    assert.equal(asked.statusCode, 202, asked.body);
    const id = asked.json().request.id as string;
    assert.equal((await t.request('POST', `/api/posts/status-requests/${id}/approve`, { as: 'approver' })).statusCode, 403, 'not by its requester');
    const approved = await t.request('POST', `/api/posts/status-requests/${id}/approve`, { as: 'approver2' });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.deepEqual([approved.json().status, approved.json().doNotApproach, approved.json().departurePosture], ['limited', false, 'authorized']);
  });
});

describe(`two-person rule: lowering an advisory and the people reached per country (${backend})`, () => {
  let t: SecurityContext;
  before(async () => {
    t = await createSecurityContext({ config: { secret: 'two-person-gaps-secret-two-person-gaps-02' } });
  });
  after(async () => { await t.close(); });

  async function draftAndSubmit(country: string, level: number, as: Who): Promise<string> {
    const draft = await t.request('POST', `/api/advisories/${country}/drafts`, { as, body: { level, indicators: [], title: `Level ${level}`, summary: `Level ${level} for ${country}.` } });
    assert.equal(draft.statusCode, 201, draft.body);
    const id = draft.json().id as string;
    assert.equal((await t.request('POST', `/api/advisories/versions/${id}/submit`, { as })).statusCode, 200);
    return id;
  }

  it('refuses an author lowering an advisory from Level 4 or 3 alone; a second approver may', async () => {
    await setAdvisoryDirectly(t.db, systemActor('cli'), 'IQ', { level: 4, indicators: ['T'], title: 'Iraq - Level 4: Do Not Travel', summary: 'Do not travel.', body: '', exceptions: [] });
    const allClear = await draftAndSubmit('IQ', 1, 'approver');
    const alone = await t.request('POST', `/api/advisories/versions/${allClear}/publish`, { as: 'approver' });
    assert.equal(alone.statusCode, 403, alone.body);
    assert.equal(alone.json().detail, 'lowering an advisory from Level 4 to Level 1 needs approval by a second operator');
    assert.equal((await t.request('GET', '/api/advisories/IQ')).json().level, 4, 'the Level 4 advisory stands');
    const second = await t.request('POST', `/api/advisories/versions/${allClear}/publish`, { as: 'approver2' });
    assert.equal(second.statusCode, 200, second.body);

    await setAdvisoryDirectly(t.db, systemActor('cli'), 'JO', { level: 3, indicators: [], title: 'Jordan - Level 3', summary: 'Reconsider travel.', body: '', exceptions: [] });
    const lower = await draftAndSubmit('JO', 2, 'approver');
    assert.equal((await t.request('POST', `/api/advisories/versions/${lower}/publish`, { as: 'approver' })).statusCode, 403);
    // Raising, or lowering from Level 2, stays one person's call.
    await setAdvisoryDirectly(t.db, systemActor('cli'), 'LB', { level: 2, indicators: [], title: 'Lebanon - Level 2', summary: 'Exercise caution.', body: '', exceptions: [] });
    const fromTwo = await draftAndSubmit('LB', 1, 'approver');
    assert.equal((await t.request('POST', `/api/advisories/versions/${fromTwo}/publish`, { as: 'approver' })).statusCode, 200);
    const raise = await draftAndSubmit('LB', 3, 'approver');
    assert.equal((await t.request('POST', `/api/advisories/versions/${raise}/publish`, { as: 'approver' })).statusCode, 200);
  });

  it('adds up the people reached per country by alerts one operator sent alone, so splitting a send does not avoid the rule', async () => {
    // Five people in Baghdad, far apart enough for 1 km circles to pick them two by two; two in Amman.
    await addTravellers(t.db, [
      { tag: 'b1', country: 'IQ', lat: 33.30, lon: 44.30 }, { tag: 'b2', country: 'IQ', lat: 33.30, lon: 44.3001 },
      { tag: 'b3', country: 'IQ', lat: 33.40, lon: 44.40 }, { tag: 'b4', country: 'IQ', lat: 33.40, lon: 44.4001 },
      { tag: 'b5', country: 'IQ', lat: 33.50, lon: 44.50 },
      { tag: 'a1', country: 'JO', lat: 31.95, lon: 35.93 }, { tag: 'a2', country: 'JO', lat: 31.95, lon: 35.9301 },
    ]);
    t.config.twoPerson = { ...t.config.twoPerson, threshold: 3 }; // the app reads the config it was built with
    const circle = (lat: number, lon: number) => ({ circles: [{ lat, lon, radiusKm: 1 }] });
    const composeAndSubmit = async (area: unknown): Promise<string> => {
      const created = await t.request('POST', '/api/alerts', { as: 'approver', body: alertBody({ area }) });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as string;
      assert.equal((await t.request('POST', `/api/alerts/${id}/submit`, { as: 'approver' })).statusCode, 200);
      return id;
    };
    const first = await composeAndSubmit(circle(33.30, 44.30));
    const firstRes = await t.request('POST', `/api/alerts/${first}/publish`, { as: 'approver' });
    assert.equal(firstRes.statusCode, 200, firstRes.body);
    assert.equal(firstRes.json().recipientCount, 2);
    const split = await composeAndSubmit(circle(33.40, 44.40));
    const refused = await t.request('POST', `/api/alerts/${split}/publish`, { as: 'approver' });
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().detail, 'alerts sent without a second operator in the last 24 hours, this one included, reach 4 people in IQ (more than 3): a second operator must approve it');
    assert.equal((await t.db.query(`SELECT 1 FROM alert_recipients WHERE alert_id = $1`, [split])).rows.length, 0, 'nothing frozen');
    // Another country has its own count; a second operator may send the split alert.
    const amman = await composeAndSubmit(circle(31.95, 35.93));
    assert.equal((await t.request('POST', `/api/alerts/${amman}/publish`, { as: 'approver' })).statusCode, 200);
    const approved = await t.request('POST', `/api/alerts/${split}/publish`, { as: 'approver2' });
    assert.equal(approved.statusCode, 200, approved.body);
    // The split alert was approved by a second operator, so it does not count: 2 (first) + 1 = 3, within the threshold.
    const last = await composeAndSubmit(circle(33.50, 44.50));
    assert.equal((await t.request('POST', `/api/alerts/${last}/publish`, { as: 'approver' })).statusCode, 200);
  });
});
