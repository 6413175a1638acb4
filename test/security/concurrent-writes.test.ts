/**
 * Issue 12, finding 14: integrity violations are answered 409 / 422 problem+json naming the field, also
 * when concurrent requests race past a service's own check (PostgreSQL runs them truly in parallel).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseProblem } from '../../src/http/database-errors.js';
import { backend, countRows } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';

describe(`concurrent writes (${backend})`, () => {
  let t: SecurityContext;
  before(async () => { t = await createSecurityContext(); });
  after(async () => { await t.close(); });

  const traveller = (email: string, name: string) => ({ fullName: name, consent: true, contacts: [{ channel: 'email', address: email }], trips: [{ countryCode: 'IQ', startsAt: '2020-01-01' }] });
  const problemOf = (body: string) => JSON.parse(body) as { type: string; errors: { field: string; message: string }[] };

  it('eight concurrent creates with the same e-mail: one 201, seven 409 naming the field, one traveller stored', async () => {
    const before = await countRows(t.db, ['travellers', 'contact_points', 'trips']);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      t.request('POST', '/api/travellers', { as: 'editor', body: traveller('same.person@example.org', `Same Person ${i}`) })));
    const statuses = results.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409], results.map((r) => r.body.slice(0, 200)).join('\n'));
    for (const r of results.filter((x) => x.statusCode === 409)) {
      assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(problemOf(r.body).errors, [{ field: 'contacts[0].address', message: 'this e-mail address is already enrolled' }]);
      assert.ok(!r.body.includes('duplicate key'), 'no database text in the answer');
    }
    const after = await countRows(t.db, ['travellers', 'contact_points', 'trips']);
    assert.deepEqual(after, { travellers: before.travellers! + 1, contact_points: before.contact_points! + 1, trips: before.trips! + 1 }, 'the losers wrote nothing');
  });

  it('eight concurrent creates in four pairs: four 201, four 409', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      t.request('POST', '/api/travellers', { as: 'editor', body: traveller(`pair${i % 4}@example.org`, `Pair ${i}`) })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 201, 201, 201, 409, 409, 409, 409]);
  });

  it('eight concurrent operator and site creates with the same key: one 201, seven 409 naming the field', async () => {
    const ops = await Promise.all(Array.from({ length: 8 }, () =>
      t.request('POST', '/api/operators', { as: 'admin', body: { email: 'twin@ops.test', name: 'Twin', role: 'viewer', password: 'a long enough password' } })));
    assert.deepEqual(ops.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
    assert.ok(ops.filter((r) => r.statusCode === 409).every((r) => problemOf(r.body).errors[0]!.field === 'email'));
    const sites = await Promise.all(Array.from({ length: 8 }, () =>
      t.request('POST', '/api/sites', { as: 'editor', body: { name: 'Twin site', lat: 33.3, lon: 44.4, radiusKm: 1 } })));
    assert.deepEqual(sites.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
    assert.ok(sites.filter((r) => r.statusCode === 409).every((r) => problemOf(r.body).errors[0]!.field === 'name'));
  });

  it('maps any unique or foreign-key violation a service did not catch to 409 / 422 naming the field, never quoting the row', async () => {
    const fk = await t.db.query("INSERT INTO trips (traveller_id, country_code, place_name, starts_at) VALUES ('00000000-0000-4000-8000-000000000001', 'IQ', 'x', now())").then(() => null, (e: unknown) => e);
    assert.deepEqual(databaseProblem(fk), { kind: 'validation', status: 422, detail: 'travellerId: refers to a record that does not exist (or is still referred to)',
      errors: [{ field: 'travellerId', message: 'refers to a record that does not exist (or is still referred to)' }] });
    await t.db.query("INSERT INTO travellers (full_name, consent_at, external_ref) VALUES ('Ref One', now(), 'HR-1')");
    const dup = await t.db.query("INSERT INTO travellers (full_name, consent_at, external_ref) VALUES ('Ref Two', now(), 'HR-1')").then(() => null, (e: unknown) => e);
    assert.deepEqual(databaseProblem(dup)?.errors, [{ field: 'externalRef', message: 'already exists' }]);
    assert.ok(!JSON.stringify(databaseProblem(dup)).includes('HR-1'));
    assert.equal(databaseProblem(new Error('not a database error')), null);
  });
});
