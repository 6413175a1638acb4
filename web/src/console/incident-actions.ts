/**
 * Extra actions on an incident page, contributed by other console screens. The crisis room adds
 * "Open a crisis" here (it needs /api/crises); the incident page renders every entry as a button.
 */
export interface IncidentAction {
  label: string;
  /** Called with the incident id; navigates or throws an Error whose message is shown. */
  run: (incidentId: string) => Promise<void> | void;
  role: 'editor' | 'approver';
}

export const incidentActions: IncidentAction[] = [];
