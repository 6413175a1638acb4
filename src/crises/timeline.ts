/**
 * The crisis timeline, newest last: its sources and incidents, advisory and post-status changes of its
 * countries inside its window, its alerts, the answers, escalation rounds and the operators' events.
 */
import { alertsByIds } from '../alerts/recipients.js';
import { getAdvisoryHistory } from '../advisories/service.js';
import { recentAnswers } from '../checkins/across-alerts.js';
import { reminderRounds } from '../delivery/by-alert.js';
import type { Db } from '../db/index.js';
import { getIncident } from '../intake/incidents.js';
import { getPostHistory, listPosts } from '../posts/service.js';
import * as store from './store.js';

export type TimelineKind = 'source' | 'incident' | 'advisory' | 'post_status' | 'alert' | 'answer' | 'escalation' | 'event';
export interface TimelineItem { at: string; kind: TimelineKind; summary: string; ref: string | null }

const answerWords: Record<string, string> = { safe: 'safe', need_help: 'needs help', departed: 'has left' };

function countriesOf(area: unknown): string[] {
  const a = area as { countries?: string[]; subdivisions?: string[] };
  return [...new Set([...(a.countries ?? []), ...(a.subdivisions ?? []).map((s) => s.slice(0, 2))].map((c) => c.toUpperCase()))];
}

export async function crisisTimeline(db: Db, id: string, opts: { answers: number } = { answers: 200 }): Promise<TimelineItem[]> {
  const row = await store.loadCrisis(db, id);
  const from = row.starts_at.getTime() - 7 * 86_400_000;
  const to = (row.closed_at ?? row.ends_at ?? new Date()).getTime() + 86_400_000;
  const inWindow = (at: string | null) => at !== null && Date.parse(at) >= from && Date.parse(at) <= to;
  const items: TimelineItem[] = [];
  for (const incidentId of await store.crisisIncidentIds(db, id)) {
    const incident = await getIncident(db, incidentId).catch(() => null);
    if (!incident) continue;
    items.push({ at: `${incident.firstSeen}T00:00:00.000Z`, kind: 'incident', summary: `Incident: ${incident.title} (severity ${incident.severity})`, ref: incident.id });
    for (const s of incident.sources) items.push({ at: s.publishedAt ?? (s.date ? `${s.date}T00:00:00.000Z` : s.ingestedAt), kind: 'source', summary: `Source: ${s.title ?? s.url ?? s.format}`, ref: s.id });
  }
  for (const country of countriesOf(row.area)) {
    for (const a of await getAdvisoryHistory(db, country).catch(() => [])) {
      if (inWindow(a.publishedAt)) items.push({ at: a.publishedAt!, kind: 'advisory', summary: `Advisory ${a.countryCode}: Level ${a.level} (${a.levelLabel}), ${a.indicators.join(', ')}`, ref: a.id });
    }
    for (const post of await listPosts(db, country)) {
      for (const h of await getPostHistory(db, post.slug)) {
        if (inWindow(h.since)) items.push({ at: h.since, kind: 'post_status', summary: `${post.name}: ${h.status}${h.doNotApproach ? ', do not approach' : ''}${h.departurePosture !== 'none' ? `, ${h.departurePosture} departure` : ''}`, ref: post.slug });
      }
    }
  }
  const alertIds = await store.crisisAlertIds(db, id);
  for (const a of await alertsByIds(db, alertIds)) {
    items.push({ at: a.publishedAt ?? a.createdAt, kind: 'alert', summary: `${a.msgType} ${a.publishedAt ? 'published' : a.state}: ${a.infos[0]?.headline ?? ''}${a.recipientCount !== null ? ` (${a.recipientCount} people)` : ''}`, ref: a.id });
  }
  for (const r of await reminderRounds(db, alertIds)) items.push({ at: r.at.toISOString(), kind: 'escalation', summary: `Escalation round ${r.round}: ${r.reminders} reminder(s)`, ref: r.alertId });
  for (const a of await recentAnswers(db, alertIds, opts.answers)) items.push({ at: a.answeredAt.toISOString(), kind: 'answer', summary: `Answer by ${a.channel}: ${answerWords[a.answer] ?? a.answer}`, ref: a.alertId });
  for (const e of await store.listEvents(db, id)) items.push({ at: e.at.toISOString(), kind: 'event', summary: `${e.summary}${e.actor ? ` — ${e.actor}` : ''}`, ref: e.ref });
  return items.sort((a, b) => a.at.localeCompare(b.at));
}
