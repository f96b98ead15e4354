// Replies shared by every container command (CLIENT, CONFIG, OBJECT, XINFO, ...): its HELP text
// and the error for a subcommand given the wrong arguments, as Redis's addReplyHelp and
// addReplySubcommandSyntaxError write them.
import type { ReplyWriter } from '../protocol/writer';

/** `<COMMAND> HELP`: a usage line, the subcommands' lines, then HELP's own entry. */
export function helpReply(w: ReplyWriter, command: string, lines: readonly string[]): void {
  w.array(lines.length + 3);
  w.simple(`${command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) w.simple(l);
  w.simple('HELP');
  w.simple('    Prints this help.');
}

/** A known subcommand with arguments it does not take (the subcommand as typed, up to 128 bytes). */
export function subcommandSyntaxError(w: ReplyWriter, argv: readonly string[]): void {
  w.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`);
}
