import { recordAudit } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { conflict, isUniqueViolation, notFound } from '../errors.js';
import { requireCountry } from '../advisories/service.js';
import type { PostInput, PostStatusInput, PostView } from './schema.js';

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
  return db.tx(async (tx) => {
    try {
      const { rows } = await tx.query<PostRow>(
        `INSERT INTO posts (slug, name, kind, country_code, city, lat, lon, contacts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING ${columns}`,
        [input.slug, input.name, input.kind, cc, input.city, input.lat ?? null, input.lon ?? null, JSON.stringify(input.contacts)]);
      const post = presentPost(rows[0]!);
      await recordAudit(tx, actor, { action: 'post.create', entity: 'post', entityId: post.id, after: post });
      return post;
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('slug', 'a post with this slug already exists');
      throw error;
    }
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

/** Changes a post's service status and keeps the previous one in its history, in one transaction. */
export async function setPostStatus(db: Db, actor: Actor, slug: string, input: PostStatusInput): Promise<PostView> {
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
      action: 'post.status', entity: 'post', entityId: post.id,
      before: { status: b.status, statusMessage: b.statusMessage, doNotApproach: b.doNotApproach, departurePosture: b.departurePosture },
      after: { status: post.status, statusMessage: post.statusMessage, doNotApproach: post.doNotApproach, departurePosture: post.departurePosture },
    });
    return post;
  });
}

export async function getPostHistory(db: Db, slug: string) {
  const post = await getPost(db, slug);
  const { rows } = await db.query<{ status: PostView['status']; status_message: string; do_not_approach: boolean; departure_posture: PostView['departurePosture']; since: Date; changed_at: Date }>(
    'SELECT status, status_message, do_not_approach, departure_posture, since, changed_at FROM post_status_history WHERE post_id = $1 ORDER BY id DESC', [post.id]);
  return rows.map((r) => ({ status: r.status, statusMessage: r.status_message, doNotApproach: r.do_not_approach, departurePosture: r.departure_posture, since: r.since.toISOString(), changedAt: r.changed_at.toISOString() }));
}
