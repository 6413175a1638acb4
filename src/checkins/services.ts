import type { AppContext } from '../context.js';
import type { Recorded } from './answers.js';
import type { ChangeFeed } from './changes.js';
import type { CheckinSettings } from '../config.js';
import type { NotifyChannels } from './notify-channels.js';

/** What the check-in routes share: the app context, settings, direct channels and the change feed. */
export interface CheckinServices extends AppContext {
  settings: CheckinSettings;
  channels: NotifyChannels;
  changes: ChangeFeed;
  afterAnswer(recorded: Recorded): void;
}
