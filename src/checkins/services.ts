import type { AppContext } from '../context.js';
import type { Recorded } from './answers.js';
import type { ChangeFeed } from './changes.js';
import type { CheckinSettings } from '../config.js';
import type { DutyTarget } from './duty.js';

/** What the check-in routes share: the app context, settings, the duty officers' addresses and the change feed. */
export interface CheckinServices extends AppContext {
  settings: CheckinSettings;
  /** Where a "need help" is told, queued in the answer's own statement (duty.ts). */
  duty: DutyTarget[];
  changes: ChangeFeed;
  afterAnswer(recorded: Recorded): void;
}
