/**
 * Audit tamper tests through the command line: edit, delete and reorder a row, and `warden audit verify`
 * exits 3 naming the first bad row. Tampering first disables the append-only trigger, as only a superuser can.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { anchorAuditHead } from '../../src/auth/audit-anchor.js';
import { recordAudit, verifyAuditLog } from '../../src/auth/audit.js';
import { systemActor } from '../../src/auth/roles.js';
import { openCommandDatabase, type Db } from '../../src/db/index.js';
import { backend, freshDatabase } from '../support/db.js';

const bin = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

describe(`warden audit verify against a tampered log (${backend})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-audit-'));
  const env: NodeJS.ProcessEnv = { ...process.env, WARDEN_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
  let drop = async () => undefined as void;
  let seqs: number[] = [];
  before(async () => {
    if (process.env.DATABASE_URL) {
      const fresh = await freshDatabase();
      await fresh.db.close();
      env.DATABASE_URL = fresh.url;
      drop = async () => { await fresh.drop().catch(() => undefined); };
    }
    await withDb(async (db) => {
      for (let i = 1; i <= 12; i++) await db.tx((tx) => recordAudit(tx, systemActor('test'), { action: 'test.write', entity: 'test', entityId: String(i), after: { i } }));
      seqs = (await db.query<{ seq: string }>('SELECT seq FROM audit_log ORDER BY seq')).rows.map((r) => Number(r.seq));
    });
  });
  after(async () => { await drop(); rmSync(dir, { recursive: true, force: true }); });

  /** PGlite's data folder is used by one process at a time: open, act, close, then run the CLI. */
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = await openCommandDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.WARDEN_DATA_DIR });
    try { return await fn(db); } finally { await db.close(); }
  }
  const verify = () => {
    const r = spawnSync(process.execPath, [bin, 'audit', 'verify'], { env, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  /** Runs SQL as a superuser would: with the append-only trigger off, and back on afterwards. */
  const tamper = (sql: string, params: (string | number)[] = []) => withDb(async (db) => {
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await db.query(sql, params);
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
  });
  /** A snapshot of the rows, to put the log back between cases. */
  let pristine: Record<string, unknown>[] = [];
  const restore = () => withDb(async (db) => {
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await db.query('DELETE FROM audit_log');
    for (const r of pristine) {
      await db.query(`INSERT INTO audit_log (seq, at, actor_id, actor_label, action, entity, entity_id, before, after, prev_hash, hash)
        OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)`,
      [r.seq, r.at, r.actor_id, r.actor_label, r.action, r.entity, r.entity_id, r.before === null ? null : JSON.stringify(r.before), r.after === null ? null : JSON.stringify(r.after), r.prev_hash, r.hash] as never);
    }
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    assert.equal((await verifyAuditLog(db)).ok, true);
  });

  it('passes on the intact log, and the app cannot rewrite it', async () => {
    assert.ok(seqs.length >= 6);
    const r = verify();
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `audit log intact: ${seqs.length} rows\n`);
    pristine = await withDb(async (db) => {
      await assert.rejects(db.query('UPDATE audit_log SET actor_label = $1', ['someone else']), /append-only/);
      await assert.rejects(db.query('DELETE FROM audit_log WHERE seq = $1', [seqs[1]!]), /append-only/);
      return (await db.query<Record<string, unknown>>('SELECT * FROM audit_log ORDER BY seq')).rows;
    });
  });

  it('names an edited row', async () => {
    await tamper(`UPDATE audit_log SET after = '{"i": 99}' WHERE seq = $1`, [seqs[2]!]);
    const r = verify();
    assert.equal(r.code, 3);
    assert.equal(r.out, `audit log broken at row ${seqs[2]}: content does not match its hash (row edited)\n`);
    await restore();
  });

  it('names the row after a deleted one', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = $1', [seqs[3]!]);
    const r = verify();
    assert.equal(r.code, 3);
    assert.equal(r.out, `audit log broken at row ${seqs[4]}: link to the previous row is broken (row deleted or reordered)\n`);
    await restore();
  });

  it('names the first of two swapped rows', async () => {
    const [a, b] = [seqs[1]!, seqs[2]!];
    // Swap the two rows' positions in the chain (seq is an identity column: delete and re-insert).
    await withDb(async (db) => {
      await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await db.tx(async (tx) => {
        await tx.query('CREATE TEMP TABLE swapped ON COMMIT DROP AS SELECT * FROM audit_log WHERE seq IN ($1, $2)', [a, b]);
        await tx.query('DELETE FROM audit_log WHERE seq IN ($1, $2)', [a, b]);
        await tx.query(`INSERT INTO audit_log (seq, at, actor_id, actor_label, action, entity, entity_id, before, after, prev_hash, hash) OVERRIDING SYSTEM VALUE
          SELECT CASE seq WHEN $1 THEN $2 ELSE $1 END, at, actor_id, actor_label, action, entity, entity_id, before, after, prev_hash, hash FROM swapped`, [a, b]);
      });
      await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    });
    const labels = await withDb(async (db) => (await db.query<{ entity_id: string }>('SELECT entity_id FROM audit_log WHERE seq IN ($1, $2) ORDER BY seq', [a, b])).rows.map((r) => r.entity_id));
    assert.deepEqual(labels, ['3', '2'], 'the rows were swapped');
    const r = verify();
    assert.equal(r.code, 3);
    assert.equal(r.out, `audit log broken at row ${a}: link to the previous row is broken (row deleted or reordered)\n`);
    await restore();
    assert.equal(verify().code, 0);
  });

  it('detects the newest rows deleted, once the head is anchored outside the database (issue 12 finding 16)', async () => {
    const anchorEnv = { WARDEN_SECRET: 'an audit anchor test secret of more than 32 characters', WARDEN_AUDIT_ANCHOR_PATH: join(dir, 'anchor.json') };
    Object.assign(env, anchorEnv);
    try {
      // (12 rows: a head past 9 catches a text-ordered seq.) Before: deleting the newest rows leaves a valid, shorter chain, and nothing tells.
      await tamper('DELETE FROM audit_log WHERE seq >= $1', [seqs[4]!]);
      assert.equal(verify().code, 0, 'the chain alone cannot see a truncated head');
      await restore();
      // The server anchors the head; the same deletion is now named.
      const anchored = await withDb((db) => anchorAuditHead(db, anchorEnv.WARDEN_SECRET, anchorEnv.WARDEN_AUDIT_ANCHOR_PATH));
      assert.equal(anchored, seqs.at(-1));
      const intact = verify();
      assert.equal(intact.code, 0, intact.err);
      assert.match(intact.out, new RegExp(`^audit log intact: ${seqs.length} rows\nhead anchored at row ${anchored} \\(`));
      await tamper('DELETE FROM audit_log WHERE seq >= $1', [seqs[4]!]);
      const truncated = verify();
      assert.equal(truncated.code, 3);
      assert.match(truncated.out, new RegExp(`^audit log intact: 4 rows\naudit log broken: row ${anchored}, anchored at .*, is gone: the newest audit rows were removed\n$`));
      // A smaller head is never anchored over the evidence.
      assert.equal(await withDb((db) => anchorAuditHead(db, anchorEnv.WARDEN_SECRET, anchorEnv.WARDEN_AUDIT_ANCHOR_PATH)), anchored);
      await restore();
      // An anchor written without the server's secret is refused.
      writeFileSync(anchorEnv.WARDEN_AUDIT_ANCHOR_PATH, JSON.stringify({ seq: 1, hash: 'x', at: new Date().toISOString(), mac: '00'.repeat(32) }));
      const forged = verify();
      assert.equal(forged.code, 3);
      assert.match(forged.out, /not signed with this server's secret/);
    } finally {
      delete env.WARDEN_SECRET;
      delete env.WARDEN_AUDIT_ANCHOR_PATH;
      rmSync(anchorEnv.WARDEN_AUDIT_ANCHOR_PATH, { force: true });
    }
  });
});
