import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoTravellers } from '../../src/demo/travellers.js';
import { getCity } from '../../src/geo/index.js';
import { wardenBin, wardenCli } from '../support/warden-cli.js';

describe('the warden command line', () => {
  const cli = wardenCli('warden-cli-');
  const dir = cli.dir;
  before(cli.setup);
  after(cli.teardown);
  const warden = cli.run;

  it('loads the demo once', () => {
    const r = warden('demo');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^loaded 2000 travellers, \d+ trips; operators duty@demo\.warden\.example/);
    const again = warden('demo');
    assert.equal(again.code, 1);
    assert.equal(again.err, 'warden: database: already has advisories; the demo loads only into an empty database\n');
  });

  it('lists exactly the demo travellers in Iraq on 3 January 2020', () => {
    const r = warden('who-is-in', 'IQ', '--at', '2020-01-03', '--json');
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(r.out) as { count: number; travellers: { fullName: string; trip: { countryCode: string } }[] };
    const from = Date.UTC(2020, 0, 3);
    const to = from + 86_400_000 - 1;
    const expected = demoTravellers().filter((t) => t.trips.some((trip) => {
      const start = Date.parse(`${trip.startsAt}T00:00:00Z`);
      const end = trip.endsAt ? Date.parse(`${trip.endsAt}T23:59:59.999Z`) : Infinity;
      return getCity(trip.cityId!)!.countryCode === 'IQ' && start <= to && end >= from;
    }));
    assert.ok(expected.length > 500);
    assert.equal(result.count, expected.length);
    assert.ok(result.travellers.every((t) => t.trip.countryCode === 'IQ'));
  });

  it('exits quietly with 0 when its reader stops early (| head)', () => {
    // The reported case: the first bytes through `head`, which closes the pipe while the command still writes.
    const line = `"${process.execPath}" "${wardenBin}" who-is-in IQ --at 2020-01-03 --json | head -c 40; echo; echo "exit \${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', line], { env: cli.env(), encoding: 'utf8', timeout: 120_000 });
    assert.match(r.stdout, /^\{\n {2}"area"[^]*\nexit 0\n$/);
    assert.equal(r.stderr, '');
  });

  it('shows the Iraq advisory and the embassy status', () => {
    const advisory = JSON.parse(warden('advisory', 'show', 'IQ', '--json').out);
    assert.equal(advisory.level, 4);
    assert.deepEqual(advisory.indicators, ['T', 'U', 'K', 'O']);
    assert.equal(advisory.title, 'Iraq — January 2020 Travel Advisory');
    const post = JSON.parse(warden('post', 'status', 'embassy-baghdad', '--json').out);
    assert.equal(post.status, 'suspended');
    assert.equal(post.doNotApproach, true);
    assert.match(post.statusMessage, /suspended until further notice/);
  });

  it('refuses bad input with one line and a non-zero exit, writing nothing', () => {
    const unknown = warden('who-is-in', 'XX', '--at', '2020-01-03');
    assert.deepEqual([unknown.code, unknown.err], [1, 'warden: area.countries[0]: unknown country code XX\n']);
    const level5 = warden('advisory', 'set', 'IQ', '--level', '5', '--title', 't', '--summary', 's');
    assert.deepEqual([level5.code, level5.err], [1, 'warden: level: must be 1 to 4\n']);
    assert.equal(JSON.parse(warden('advisory', 'show', 'IQ', '--json').out).version, 1);
    const badDate = warden('who-is-in', 'IQ', '--at', 'yesterday');
    assert.deepEqual([badDate.code, badDate.err], [1, 'warden: at: "yesterday" is not a date (YYYY-MM-DD) or an ISO date-time\n']);
    const missing = warden('travellers', 'import', join(dir, 'missing.csv'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^warden: ENOENT: no such file or directory/);
  });

  it('imports a CSV all or nothing', () => {
    const header = 'full_name,email,phone,language,organisation,country,city,starts_at,ends_at\n';
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${header}Ann Lee,ann@example.net,+9647709990001,en,,IQ,Erbil,2020-01-01,2020-01-20\nBo Kim,bo@example.net,not-a-phone,en,,IQ,Basrah,2020-01-01,\n`);
    const refused = warden('travellers', 'import', bad);
    assert.deepEqual([refused.code, refused.err], [1, 'warden: line 3: contacts[1].address: is not a phone number in international form (e.g. +964 770 123 4567)\n']);
    const good = join(dir, 'good.csv');
    writeFileSync(good, `${header}Ann Lee,ann@example.net,+9647709990001,en,,IQ,Erbil,2020-01-01,2020-01-20\nBo Kim,bo@example.net,+9647709990002,en,,IQ,Basrah,2020-01-01,\n`);
    const imported = warden('travellers', 'import', good, '--json');
    assert.equal(imported.code, 0, imported.err);
    assert.deepEqual(JSON.parse(imported.out), { travellers: 2, trips: 2 });
    const erbil = JSON.parse(warden('who-is-in', 'Erbil', '--at', '2020-01-03', '--radius', '30', '--json').out);
    assert.ok(erbil.travellers.some((t: { fullName: string }) => t.fullName === 'Ann Lee'));
  });

  it('creates the first admin and verifies the audit chain', () => {
    const created = spawnSync(process.execPath, [wardenBin, 'operator', 'create', '--admin', '--email', 'chief@ops.example', '--json'], { env: { ...cli.env(), WARDEN_OPERATOR_PASSWORD: 'a long admin password' }, encoding: 'utf8' });
    assert.equal(created.status, 0, created.stderr);
    const op = JSON.parse(created.stdout);
    assert.equal(op.role, 'admin');
    assert.equal(op.password, undefined);
    const verdict = JSON.parse(warden('audit', 'verify', '--json').out);
    assert.equal(verdict.ok, true);
    assert.ok(verdict.rows > 10);
  });
});
