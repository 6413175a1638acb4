import type { CommandGroup } from '../cli/context.js';

/** The alerts domain's `warden` commands. */
export const alertCommands: CommandGroup = () => undefined;
