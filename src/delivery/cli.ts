import type { CommandGroup } from '../cli/context.js';

/** The delivery domain's `warden` commands. */
export const deliveryCommands: CommandGroup = () => undefined;
