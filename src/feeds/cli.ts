import type { CommandGroup } from '../cli/context.js';

/** The feeds domain's `warden` commands. */
export const feedCommands: CommandGroup = () => undefined;
