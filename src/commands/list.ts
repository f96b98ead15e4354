// list commands: being written.
import type { CommandDef } from './types';

export const listCommands: CommandDef[] = [];
