import { createAudited, recordAudit } from '../auth/audit.js';
import { hasRole, type Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { forbidden, invalid, invalidState, notFound } from '../errors.js';
import { requireCountry } from '../advisories/service.js';
import { postStatusInput, type PostInput, type PostStatusInput, type PostStatusRequestView, type PostView } from './schema.js';

interface PostRow {
  id: string; slug: string; name: string; kind: string; country_code: string; city: string; lat: number | null; lon: number | null;
  contacts: PostView['contacts']; status: PostView['status']; status_message: string; status_since: Date; do_not_approach: boolean;
  departure_posture: PostView['departurePosture']; updated_at: Date;
}
const columns = 'id, slug, name, kind, country_code, city, lat, lon, contacts, status, status_message, status_since, do_not_approach, departure_posture, updated_at';

export function presentPost(r: PostRow): PostView {
  return {
    id: r.id, slug: r.slug, name: r.name, kind: r.kind, countryCode: r.country_code, city: r.city, lat: r.lat, lon: r.lon,
    contacts: r.contacts, status: r.status, statusMessage: r.status_message, statusSince: r.status_since.toISOString(),
    doNotApproach: r.do_not_approach, departurePosture: r.departure_posture, updatedAt: r.updated_at.toISOString(),
  };
}

export async function createPost(db: Db, actor: Actor, input: PostInput): Promise<PostView> {
  const cc = requireCountry(input.countryCode);
  return createAudited(db, actor, 'post', { field: 'slug', message: 'a post with this slug already exists' }, async (tx) => {
    const { rows } = await tx.query<PostRow>(
      `INSERT INTO posts (slug, name, kind, country_code, city, lat, lon, contacts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING ${columns}`,
      [input.slug, input.name, input.kind, cc, input.city, input.lat ?? null, input.lon ?? null, JSON.stringify(input.contacts)]);
    return presentPost(rows[0]!);
  });
}

export async function listPosts(db: Db, countryCode?: string): Promise<PostView[]> {
  const cc = countryCode ? requireCountry(countryCode) : null;
  const { rows } = await db.query<PostRow>(`SELECT ${columns} FROM posts WHERE $1::text IS NULL OR country_code = $1 ORDER BY country_code, kind DESC, name`, [cc]);
  return rows.map(presentPost);
}

export async function getPost(db: Db, slug: string): Promise<PostView> {
  const { rows } = await db.query<PostRow>(`SELECT ${columns} FROM posts WHERE slug = $1`, [slug]);
  if (!rows[0]) throw notFound(`post ${slug}`);
  return presentPost(rows[0]);
}

/** Statuses that shut people out of their embassy: an operator sets them only with a second operator's approval. */
export const restrictedStatuses: ReadonlySet<PostView['status']> = new Set(['suspended', 'closed']);

/** How far in the past `since` may lie before it counts as back-dating (clock skew, a form left open). */
const backdatingToleranceMs = 5 * 60_000;

/**
 * What in a status change needs a second operator, judged against the post as it is now: setting
 * suspended or closed, lifting a suspension or closure, lifting "do not approach", changing the
 * departure posture, and back-dating `since`. Lifting protections is as consequential as imposing them
 * (people walk to an embassy the page says is open), and a back-dated `since` rewrites the record.
 * Empty: one operator may apply the change alone.
 */
export function secondPersonReasons(current: Pick<PostView, 'status' | 'doNotApproach' | 'departurePosture'>, input: PostStatusInput, now = new Date()): string[] {
  const reasons: string[] = [];
  if (restrictedStatuses.has(input.status)) reasons.push(`status ${input.status}`);
  else if (restrictedStatuses.has(current.status)) reasons.push(`lifting status ${current.status}`);
  if (current.doNotApproach && !input.doNotApproach) reasons.push('lifting "do not approach"');
  if (current.departurePosture !== input.departurePosture) reasons.push(`changing the departure posture (${current.departurePosture} → ${input.departurePosture})`);
  if (input.since && new Date(input.since).getTime() < now.getTime() - backdatingToleranceMs) reasons.push('back-dating the status');
  return reasons;
}

async function lockPost(db: Db, slug: string): Promise<PostView> {
  const { rows } = await db.query<PostRow>(`SELECT ${columns} FROM posts WHERE slug = $1 FOR UPDATE`, [slug]);
  if (!rows[0]) throw notFound(`post ${slug}`);
  return presentPost(rows[0]);
}

/**
 * Changes a post's service status directly and keeps the previous one in its history, in one transaction.
 * Operators may make a change alone only when secondPersonReasons finds nothing; the rest needs a second
 * operator (requestPostStatus → approveStatusRequest) or an admin's audited emergency override. The system
 * actor (the host administrator's CLI, the demo loader) is not bound by the rule and is audited as such.
 */
export async function setPostStatus(db: Db, actor: Actor, slug: string, input: PostStatusInput): Promise<PostView> {
  return db.tx(async (tx) => {
    const reasons = actor.id === null ? [] : secondPersonReasons(await lockPost(tx, slug), input);
    if (reasons.length) throw forbidden(`${reasons.join(' and ')} needs approval by a second operator: request it, or an admin overrides`);
    return applyPostStatus(tx, actor, slug, input, {});
  });
}

async function applyPostStatus(db: Db, actor: Actor, slug: string, input: PostStatusInput, extra: Record<string, unknown>): Promise<PostView> {
  return db.tx(async (tx) => {
    const before = await tx.query<PostRow>(`SELECT ${columns} FROM posts WHERE slug = $1 FOR UPDATE`, [slug]);
    if (!before.rows[0]) throw notFound(`post ${slug}`);
    const since = input.since ? new Date(input.since) : new Date();
    const { rows } = await tx.query<PostRow>(
      `UPDATE posts SET status = $2, status_message = $3, do_not_approach = $4, departure_posture = $5, status_since = $6, updated_at = now()
       WHERE slug = $1 RETURNING ${columns}`, [slug, input.status, input.message, input.doNotApproach, input.departurePosture, since]);
    const post = presentPost(rows[0]!);
    await tx.query(
      `INSERT INTO post_status_history (post_id, status, status_message, do_not_approach, departure_posture, since, changed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`, [post.id, input.status, input.message, input.doNotApproach, input.departurePosture, since, actor.id]);
    const b = presentPost(before.rows[0]);
    await recordAudit(tx, actor, {
      action: extra.override ? 'post.status_override' : 'post.status', entity: 'post', entityId: post.id,
      before: { status: b.status, statusMessage: b.statusMessage, doNotApproach: b.doNotApproach, departurePosture: b.departurePosture },
      after: { status: post.status, statusMessage: post.statusMessage, doNotApproach: post.doNotApproach, departurePosture: post.departurePosture, ...extra },
    });
    return post;
  });
}

interface RequestRow { id: string; post_id: string; slug: string; input: PostStatusInput; state: PostStatusRequestView['state']; requested_by: string | null; requested_at: Date; decided_by: string | null; decided_at: Date | null }
const requestColumns = 'r.id, r.post_id, p.slug, r.input, r.state, r.requested_by, r.requested_at, r.decided_by, r.decided_at';

function presentRequest(r: RequestRow): PostStatusRequestView {
  return {
    id: r.id, slug: r.slug, status: r.input.status, message: r.input.message, doNotApproach: r.input.doNotApproach, departurePosture: r.input.departurePosture,
    since: r.input.since ?? null, state: r.state, requestedBy: r.requested_by, requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by, decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

/**
 * The one operator path for any status: a change one operator may make alone applies at once; any other
 * (see secondPersonReasons) becomes a pending request. Decided on the locked row, so a concurrent change
 * cannot turn an ordinary edit into a lifted suspension.
 */
export async function changePostStatus(db: Db, actor: Actor, slug: string, input: PostStatusInput): Promise<{ post: PostView } | { request: PostStatusRequestView }> {
  return db.tx(async (tx) => {
    const reasons = actor.id === null ? [] : secondPersonReasons(await lockPost(tx, slug), input);
    if (reasons.length) return { request: await requestPostStatus(tx, actor, slug, input) };
    return { post: await applyPostStatus(tx, actor, slug, input, {}) };
  });
}

/** Files a status change for a second operator's approval; a newer request supersedes a pending one. */
export async function requestPostStatus(db: Db, actor: Actor, slug: string, input: PostStatusInput): Promise<PostStatusRequestView> {
  return db.tx(async (tx) => {
    const post = await tx.query<{ id: string }>('SELECT id FROM posts WHERE slug = $1 FOR UPDATE', [slug]);
    if (!post.rows[0]) throw notFound(`post ${slug}`);
    const postId = post.rows[0].id;
    await tx.query(`UPDATE post_status_requests SET state = 'superseded', decided_at = now(), decided_by = $2 WHERE post_id = $1 AND state = 'pending'`, [postId, actor.id]);
    const { rows } = await tx.query<{ id: string }>('INSERT INTO post_status_requests (post_id, input, requested_by) VALUES ($1, $2::jsonb, $3) RETURNING id', [postId, JSON.stringify(input), actor.id]);
    const id = rows[0]!.id;
    await recordAudit(tx, actor, { action: 'post.status_request', entity: 'post', entityId: postId, after: { requestId: id, status: input.status, doNotApproach: input.doNotApproach, departurePosture: input.departurePosture } });
    return loadRequest(tx, id);
  });
}

async function loadRequest(db: Db, id: string, forUpdate = false): Promise<PostStatusRequestView & { postId: string; input: PostStatusInput }> {
  const { rows } = await db.query<RequestRow>(`SELECT ${requestColumns} FROM post_status_requests r JOIN posts p ON p.id = r.post_id WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [id]);
  if (!rows[0]) throw notFound('status request');
  return { ...presentRequest(rows[0]), postId: rows[0].post_id, input: rows[0].input };
}

export async function listStatusRequests(db: Db, opts: { state?: PostStatusRequestView['state']; slug?: string } = {}): Promise<PostStatusRequestView[]> {
  const { rows } = await db.query<RequestRow>(
    `SELECT ${requestColumns} FROM post_status_requests r JOIN posts p ON p.id = r.post_id
      WHERE ($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR p.slug = $2) ORDER BY r.requested_at DESC LIMIT 200`,
    [opts.state ?? null, opts.slug ?? null]);
  return rows.map(presentRequest);
}

/** Two-person rule: an approver who is not the requester applies the pending change. */
export async function approveStatusRequest(db: Db, actor: Actor, id: string): Promise<PostView> {
  if (!hasRole(actor, 'approver')) throw forbidden('approving a status change needs the approver role');
  return db.tx(async (tx) => {
    const request = await loadRequest(tx, id, true);
    if (request.state !== 'pending') throw invalidState(`this request is ${request.state}, no longer pending`);
    if (request.requestedBy !== null && request.requestedBy === actor.id) throw forbidden('a status change needs approval by a second operator, not its requester');
    await tx.query(`UPDATE post_status_requests SET state = 'approved', decided_by = $2, decided_at = now() WHERE id = $1`, [id, actor.id]);
    const input = postStatusInput.parse(request.input);
    return applyPostStatus(tx, actor, request.slug, input, { requestId: id, requestedBy: request.requestedBy, approvedBy: actor.id });
  });
}

export async function rejectStatusRequest(db: Db, actor: Actor, id: string): Promise<PostStatusRequestView> {
  if (!hasRole(actor, 'approver')) throw forbidden('rejecting a status change needs the approver role');
  return db.tx(async (tx) => {
    const request = await loadRequest(tx, id, true);
    if (request.state !== 'pending') throw invalidState(`this request is ${request.state}, no longer pending`);
    await tx.query(`UPDATE post_status_requests SET state = 'rejected', decided_by = $2, decided_at = now() WHERE id = $1`, [id, actor.id]);
    await recordAudit(tx, actor, { action: 'post.status_reject', entity: 'post', entityId: request.postId, after: { requestId: id } });
    return loadRequest(tx, id);
  });
}

/** Emergency override: an admin sets any status alone. Audited with override: true and the reason given. */
export async function overridePostStatus(db: Db, actor: Actor, slug: string, input: PostStatusInput, reason: string): Promise<PostView> {
  if (actor.role !== 'admin') throw forbidden('an emergency override needs the admin role');
  if (reason.trim().length < 10) throw invalid('reason', 'say why in at least 10 characters');
  return db.tx(async (tx) => {
    const post = await applyPostStatus(tx, actor, slug, input, { override: true, reason: reason.trim() });
    await tx.query(`UPDATE post_status_requests SET state = 'superseded', decided_by = $2, decided_at = now() WHERE post_id = $1 AND state = 'pending'`, [post.id, actor.id]);
    return post;
  });
}

export async function getPostHistory(db: Db, slug: string) {
  const post = await getPost(db, slug);
  const { rows } = await db.query<{ status: PostView['status']; status_message: string; do_not_approach: boolean; departure_posture: PostView['departurePosture']; since: Date; changed_at: Date }>(
    'SELECT status, status_message, do_not_approach, departure_posture, since, changed_at FROM post_status_history WHERE post_id = $1 ORDER BY id DESC', [post.id]);
  return rows.map((r) => ({ status: r.status, statusMessage: r.status_message, doNotApproach: r.do_not_approach, departurePosture: r.departure_posture, since: r.since.toISOString(), changedAt: r.changed_at.toISOString() }));
}
