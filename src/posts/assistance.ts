/**
 * The "Assistance" section of an alert's messages: the posts of the area's countries (a subdivision
 * counts for its country) as contact cards, and "do not approach" notes for posts that say so.
 */
import type { AlertInput } from '../alerts/schema.js';
import type { Db } from '../db/index.js';
import { listPosts } from './service.js';

export type Assistance = AlertInput['assistance'];

export async function assistanceFor(db: Db, area: unknown): Promise<Assistance> {
  const countries = new Set<string>([...((area as { countries?: string[] }).countries ?? []),
    ...((area as { subdivisions?: string[] }).subdivisions ?? []).map((s) => s.slice(0, 2))].map((c) => c.toUpperCase()));
  const posts = (await Promise.all([...countries].map((c) => listPosts(db, c)))).flat();
  return {
    contacts: posts.slice(0, 10).map((p) => ({ name: p.name, ...(p.contacts.emergencyPhone ?? p.contacts.phone ? { phone: p.contacts.emergencyPhone ?? p.contacts.phone } : {}),
      ...(p.contacts.email ? { email: p.contacts.email } : {}), ...(p.contacts.website ? { website: p.contacts.website } : {}), ...(p.contacts.address ? { address: p.contacts.address } : {}) })),
    notes: posts.filter((p) => p.doNotApproach).map((p) => `Do not approach the ${p.name}.`).slice(0, 10),
  };
}
