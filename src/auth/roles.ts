/** Roles are ordered: each role may do everything the roles before it may. */
export const roles = ['viewer', 'editor', 'approver', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who is acting: an operator, or the system itself (CLI run by the host's administrator, demo loader, workers). */
export interface Actor {
  id: string | null;
  label: string;
  role: Role;
  /** Set when the actor came from an API token: what the token may do (absent = a session, full access for the role). */
  scopes?: readonly TokenScope[];
}

export const tokenScopes = ['read', 'write'] as const;
export type TokenScope = (typeof tokenScopes)[number];

export const systemActor = (label: string): Actor => ({ id: null, label: `system:${label}`, role: 'admin' });
/** A traveller acting on their own record (self-enrolment, own trips): audited as traveller:<id>, no operator role beyond the lowest. */
export const travellerActor = (travellerId: string): Actor => ({ id: null, label: `traveller:${travellerId}`, role: 'viewer' });

export function hasRole(actor: Pick<Actor, 'role'>, needed: Role): boolean {
  return roles.indexOf(actor.role) >= roles.indexOf(needed);
}

/** Roles that may see travellers' personal data (names, contact points, locations). */
export function maySeePersonalData(actor: Pick<Actor, 'role'>): boolean {
  return hasRole(actor, 'editor');
}
