import { randomBytes } from 'node:crypto';
import { hasAdvisories, setAdvisoryDirectly } from '../advisories/service.js';
import { createOperator } from '../auth/operators.js';
import { systemActor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { createSite } from '../geo/sites.js';
import { createPost, setPostStatus } from '../posts/service.js';
import { normalizeTraveller } from '../travellers/normalize.js';
import { insertTravellerRows } from '../travellers/service.js';
import { demoAdvisories, demoPosts, demoSites } from './scenario.js';
import { playModelCase } from './model-case.js';
import { demoTravellers } from './travellers.js';
import { modelCaseClock, recordScenarioClock } from './scenario-clock.js';

export interface DemoLoaded {
  travellers: number;
  trips: number;
  /** Demo operators and their one-time random password (never a fixed password in the repo). */
  operators: { email: string; role: string }[];
  password: string | null;
  /** With `played`: the model case's alert, its recipients and answers, and the intake incidents. */
  played?: Awaited<ReturnType<typeof playModelCase>>;
}

/**
 * Loads the Baghdad model case: its scenario clock (src/demo/scenario-clock.ts), advisories, posts and
 * their status, sites, ~2,000 travellers, each with the case's dates.
 * With onlyIfEmpty it does nothing on a database that already has advisories (a restart).
 */
export async function loadDemo(db: Db, opts: { onlyIfEmpty?: boolean; travellers?: number; operators?: boolean; played?: boolean } = {}): Promise<DemoLoaded | null> {
  const actor = systemActor('demo');
  if (opts.onlyIfEmpty && await hasAdvisories(db)) return null;
  await recordScenarioClock(db, modelCaseClock);
  for (const site of demoSites) await createSite(db, actor, site);
  for (const { countryCode, input, publishedAt } of demoAdvisories) await setAdvisoryDirectly(db, actor, countryCode, input, { publishedAt });
  for (const { input, status } of demoPosts) {
    await createPost(db, actor, input);
    await setPostStatus(db, actor, input.slug, status);
  }
  const batch = demoTravellers(opts.travellers ?? 2000).map((t, i) => normalizeTraveller(t, `travellers[${i}]`));
  await insertTravellerRows(db, actor, batch, (i, c) => `travellers[${i}].contacts[${c}].address`);
  const operators = opts.operators === false ? [] : [
    { email: 'duty@demo.warden.example', name: 'Duty Officer', role: 'editor' as const },
    { email: 'approver@demo.warden.example', name: 'Consular Chief', role: 'approver' as const },
    { email: 'admin@demo.warden.example', name: 'Administrator', role: 'admin' as const },
  ];
  const password = operators.length ? randomBytes(12).toString('base64url') : null;
  for (const op of operators) await createOperator(db, actor, { ...op, password: password! });
  const played = opts.played ? await playModelCase(db, actor) : undefined;
  return {
    played,
    travellers: batch.length, trips: batch.reduce((n, t) => n + t.trips.length, 0),
    operators: operators.map(({ email, role }) => ({ email, role })), password,
  };
}
