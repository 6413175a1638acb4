/** One member of a crisis, for the operators: status across it, the full answer history, help handlings. */
import { answerHistory } from '../checkins/across-alerts.js';
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import { personStatus } from './people.js';
import { ensureMembers } from './service.js';
import * as store from './store.js';

export async function personDetail(db: Db, crisisId: string, travellerId: string) {
  const alertIds = await ensureMembers(db, crisisId);
  const status = await personStatus(db, crisisId, travellerId);
  if (!status) throw notFound(`member ${travellerId} of this crisis`);
  return { travellerId, ...status, history: await answerHistory(db, alertIds, travellerId), handled: await store.helpHandlings(db, crisisId, travellerId) };
}
