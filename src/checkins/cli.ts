import type { CommandGroup } from '../cli/context.js';

/** The checkins domain's `warden` commands. */
export const checkinCommands: CommandGroup = () => undefined;
