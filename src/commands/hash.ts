// hash commands: being written.
import type { CommandDef } from './types';

export const hashCommands: CommandDef[] = [];
