// set commands: being written.
import type { CommandDef } from './types';

export const setCommands: CommandDef[] = [];
