import type { ReactNode } from 'react';
import { AlertComposer, AlertDetail, AlertList, AlertsPanel } from './alerts';
import { Mailbox } from './Mailbox';
import { CrisisList, CrisisRoom, OpenCrisesPanel } from './crises';
import { Operators } from './Operators';
import type { roleRank } from './session';

/** Console screens that depend on APIs landing separately (alerts, check-ins, intake). */
export interface ConsoleExtension { path: string; nav?: string; role: keyof typeof roleRank; match: (path: string) => boolean; render: (path: string) => ReactNode; dashboard?: () => ReactNode }

const crisisId = /^\/console\/crises\/([0-9a-f-]{36})\/?$/i;
const alertId = /^\/console\/alerts\/([0-9a-f-]{36})\/?$/i;

export const consoleExtensions: ConsoleExtension[] = [
  { path: '/console/alerts/new', role: 'editor', match: (p) => p === '/console/alerts/new', render: () => <AlertComposer /> },
  { path: '/console/alerts', nav: 'Alerts', role: 'viewer', match: (p) => alertId.test(p) || p === '/console/alerts', render: (p) => {
    const id = alertId.exec(p)?.[1];
    return id ? <AlertDetail key={id} id={id} /> : <AlertList title="Alerts" />;
  }, dashboard: () => <AlertsPanel /> },
  { path: '/console/mailbox', nav: 'Mailbox', role: 'editor', match: (p) => p === '/console/mailbox', render: () => <Mailbox /> },
  { path: '/console/approvals', nav: 'Approvals', role: 'viewer', match: (p) => p === '/console/approvals', render: () => <AlertList state="pending_approval" title="Approval queue" /> },
  { path: '/console/crises', nav: 'Crises', role: 'viewer', match: (p) => crisisId.test(p) || p === '/console/crises', render: (p) => {
    const id = crisisId.exec(p)?.[1];
    return id ? <CrisisRoom key={id} id={id} /> : <CrisisList />;
  }, dashboard: () => <OpenCrisesPanel /> },
  { path: '/console/operators', nav: 'Operators', role: 'admin', match: (p) => p === '/console/operators', render: () => <Operators /> },
];
