import type { ReactNode } from 'react';
import type { roleRank } from './session';

/** Console screens that depend on APIs landing separately (alerts, check-ins, intake). */
export interface ConsoleExtension { path: string; nav?: string; role: keyof typeof roleRank; match: (path: string) => boolean; render: (path: string) => ReactNode; dashboard?: () => ReactNode }

export const consoleExtensions: ConsoleExtension[] = [];
