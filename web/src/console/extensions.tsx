import type { ReactNode } from 'react';
import { AlertDetail } from './AlertDetail';
import { AlertList, AlertsPanel } from './alerts';
import { AlertComposer } from './composer/AlertComposer';
import { IncidentList, IncidentPage } from './Incidents';
import { Mailbox } from './Mailbox';
import { CrisisList, CrisisRoom, OpenCrisesPanel } from './crises';
import { Operators } from './Operators';
import type { roleRank } from './session';

/** Console screens that depend on APIs landing separately (alerts, check-ins, intake). */
export interface ConsoleExtension { path: string; nav?: string; role: keyof typeof roleRank; match: (path: string) => boolean; render: (path: string) => ReactNode; dashboard?: () => ReactNode }

const crisisId = /^\/console\/crises\/([0-9a-f-]{36})\/?$/i;
const alertPage = /^\/console\/alerts\/([0-9a-f-]{36})(?:\/(edit|update))?\/?$/i;
const incidentPage = /^\/console\/incidents\/([0-9a-f-]{36})\/?$/i;

function alertScreen(path: string): ReactNode {
  const m = alertPage.exec(path);
  if (!m) return <AlertList title="Alerts" />;
  const [, id, action] = m as unknown as [string, string, 'edit' | 'update' | undefined];
  if (action) return <AlertComposer key={`${action}-${id}`} mode={{ kind: action, alertId: id }} />;
  return <AlertDetail key={id} id={id} />;
}

export const consoleExtensions: ConsoleExtension[] = [
  { path: '/console/alerts/new', role: 'editor', match: (p) => p === '/console/alerts/new', render: () => {
    const query = new URLSearchParams(location.search);
    const incidentId = query.get('incident') ?? undefined;
    const crisisId = query.get('crisis') ?? undefined;
    return <AlertComposer key={`${incidentId}/${crisisId}`} mode={{ kind: 'new', incidentId, crisisId }} />;
  } },
  { path: '/console/alerts', nav: 'Alerts', role: 'viewer', match: (p) => alertPage.test(p) || p === '/console/alerts', render: alertScreen, dashboard: () => <AlertsPanel /> },
  { path: '/console/approvals', nav: 'Approvals', role: 'viewer', match: (p) => p === '/console/approvals', render: () => <AlertList state="pending_approval" title="Approval queue" /> },
  { path: '/console/incidents', nav: 'Incidents', role: 'viewer', match: (p) => p === '/console/incidents' || incidentPage.test(p), render: (p) => {
    const id = incidentPage.exec(p)?.[1];
    return id ? <IncidentPage key={id} id={id} /> : <IncidentList />;
  } },
  { path: '/console/mailbox', nav: 'Mailbox', role: 'editor', match: (p) => p === '/console/mailbox', render: () => <Mailbox /> },
  { path: '/console/crises', nav: 'Crises', role: 'viewer', match: (p) => crisisId.test(p) || p === '/console/crises', render: (p) => {
    const id = crisisId.exec(p)?.[1];
    return id ? <CrisisRoom key={id} id={id} /> : <CrisisList />;
  }, dashboard: () => <OpenCrisesPanel /> },
  { path: '/console/operators', nav: 'Operators', role: 'admin', match: (p) => p === '/console/operators', render: () => <Operators /> },
];
