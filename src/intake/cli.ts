import type { CommandGroup } from '../cli/context.js';

/** The intake domain's `warden` commands. */
export const intakeCommands: CommandGroup = () => undefined;
