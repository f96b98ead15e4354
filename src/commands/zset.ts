// zset commands: being written.
import type { CommandDef } from './types';

export const zsetCommands: CommandDef[] = [];
