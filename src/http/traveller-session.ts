import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.js';
import { travellerOfSession } from '../travellers/me.js';
import { problem, sendProblem } from './problem.js';

/** The traveller's session cookie (http-only, SameSite=Strict, path /api/me), set by GET /api/me/session. */
export const travellerCookie = 'warden_traveller';

/**
 * The signed-in traveller's id from the session cookie, or null after answering 401. The travellers' and
 * the crises' self-service routes both authenticate this way, as operator routes do through access.ts.
 */
export async function sessionTraveller(db: Db, request: FastifyRequest, reply: FastifyReply): Promise<string | null> {
  const id = await travellerOfSession(db, request.cookies?.[travellerCookie]);
  if (!id) sendProblem(reply, problem('unauthorized', 401, 'sign in with the link e-mailed by POST /api/me/login'));
  return id;
}
