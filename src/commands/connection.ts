// Connection commands: PING ECHO QUIT RESET HELLO AUTH SELECT CLIENT. They run on the acceptor,
// which owns client state.
import type { Client } from '../net/client';
import { ReplyMode } from '../net/client';
import type { ReplyWriter } from '../protocol/writer';
import type { CommandDef } from './types';
import { REDIS_VERSION } from '../server/version';
import { parseInteger } from '../util/numbers';
import { unwatchAll } from './tx';
import { helpReply, subcommandSyntaxError } from './help';
import { NOT_INTEGER } from '../store/errors';

const CONN = ['connection'];
const SESSION_FLAGS = ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'];
const CLIENT_FLAGS = ['noscript', 'loading', 'stale'];

/** Client names and library info must be printable with no spaces (Redis's validation). */
function validClientText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

function checkPassword(c: Client, user: string, password: string): boolean {
  const required = c.server.config.get('requirepass');
  return user === 'default' && required !== '' && password === required;
}

/** One line of CLIENT LIST / CLIENT INFO, fields as Redis 7 prints them. */
export function clientInfoLine(c: Client): string {
  const now = Date.now();
  const flags = (c.server.blocking.isBlocked(c) ? 'b' : '') + (c.subscribed ? 'P' : '') + (c.noEvict ? 'e' : '') + (c.noTouch ? 'T' : '');
  const qbuf = c.parser.buffered;
  return `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.fd} name=${c.name} age=${Math.floor((now - c.createdAt) / 1000)}` +
    ` idle=${Math.floor((now - c.lastInteraction) / 1000)} flags=${flags === '' ? 'N' : flags} db=${c.db}` +
    ` sub=${c.subscriptions('channel').size} psub=${c.subscriptions('pattern').size} ssub=${c.subscriptions('shard').size}` +
    ` multi=-1 qbuf=${qbuf} qbuf-free=${qbuf === 0 ? 0 : 16384} argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=${c.outLen}` +
    ` oll=0 omem=${c.socket.writableLength} tot-mem=${1024 + qbuf + c.outputBytes} events=r cmd=${c.lastCommand}` +
    ` user=${c.user} redir=-1 resp=${c.resp} lib-name=${c.libName} lib-ver=${c.libVer}`;
}

function ping(c: Client, argv: string[], w: ReplyWriter): void {
  if (argv.length > 2) { w.error("ERR wrong number of arguments for 'ping' command"); return; }
  if (c.resp === 2 && c.subscribed) {
    // A subscribed RESP2 connection gets PING's answer in the shape of a message.
    w.array(2);
    w.bulk('pong');
    w.bulk(argv.length === 2 ? argv[1] : '');
  } else if (argv.length === 2) {
    w.bulk(argv[1]);
  } else {
    w.simple('PONG');
  }
}

function hello(c: Client, argv: string[], w: ReplyWriter): void {
  let proto = c.resp;
  if (argv.length >= 2) {
    const v = parseInteger(argv[1]);
    if (v === null) { w.error('ERR Protocol version is not an integer or out of range'); return; }
    if (v < 2 || v > 3) { w.error('NOPROTO unsupported protocol version'); return; }
    proto = v;
  }
  let setName: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    const more = argv.length - i - 1;
    if (opt === 'auth' && more >= 2) {
      if (!checkPassword(c, argv[i + 1], argv[i + 2])) {
        w.error('WRONGPASS invalid username-password pair or user is disabled.');
        return;
      }
      c.authenticated = true;
      c.parser.authRequired = false;
      i += 2;
    } else if (opt === 'setname' && more >= 1) {
      if (!validClientText(argv[i + 1])) { w.error('ERR Client names cannot contain spaces, newlines or special characters.'); return; }
      setName = argv[i + 1];
      i += 1;
    } else {
      w.error(`ERR Syntax error in HELLO option '${argv[i]}'`);
      return;
    }
  }
  if (!c.authenticated) {
    w.error('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
    return;
  }
  if (setName !== null) c.name = setName;
  c.resp = proto;
  w.resp3 = proto === 3;
  w.map(7);
  w.bulk('server'); w.bulk('redis');
  w.bulk('version'); w.bulk(REDIS_VERSION);
  w.bulk('proto'); w.int(proto);
  w.bulk('id'); w.int(c.id);
  w.bulk('mode'); w.bulk('standalone');
  w.bulk('role'); w.bulk('master');
  w.bulk('modules'); w.array(0);
}

function auth(c: Client, argv: string[], w: ReplyWriter): void {
  if (argv.length > 3) { w.error('ERR syntax error'); return; }
  const user = argv.length === 3 ? argv[1] : 'default';
  const password = argv[argv.length - 1];
  if (argv.length === 2 && c.server.config.get('requirepass') === '') {
    w.error('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
    return;
  }
  if (!checkPassword(c, user, password)) {
    w.error('WRONGPASS invalid username-password pair or user is disabled.');
    return;
  }
  c.authenticated = true;
  c.parser.authRequired = false;
  w.ok();
}

function select(c: Client, argv: string[], w: ReplyWriter): void {
  const db = parseInteger(argv[1]);
  if (db === null) { w.error(NOT_INTEGER); return; }
  if (db < 0 || db >= c.server.config.getInt('databases')) { w.error('ERR DB index is out of range'); return; }
  c.db = db;
  w.ok();
}

function reset(c: Client, _argv: string[], w: ReplyWriter): void {
  c.db = 0;
  c.resp = 2;
  w.resp3 = false;
  c.name = '';
  c.replyMode = ReplyMode.On;
  c.noEvict = false;
  c.noTouch = false;
  c.server.pubsub.dropClient(c);
  c.multi = null;
  void unwatchAll(c);
  if (c.server.config.get('requirepass') !== '') {
    c.authenticated = false;
    c.parser.authRequired = true;
  }
  w.simple('RESET');
}

function clientList(c: Client, argv: string[], w: ReplyWriter): void {
  let clients = [...c.server.clients.values()];
  for (let i = 2; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'type' && i + 1 < argv.length) {
      const type = argv[++i].toLowerCase();
      if (!['normal', 'master', 'replica', 'slave', 'pubsub'].includes(type)) {
        w.error(`ERR Unknown client type '${argv[i]}'`);
        return;
      }
      clients = type === 'normal' ? clients : [];
    } else if (opt === 'id' && i + 1 < argv.length) {
      const ids = new Set<number>();
      for (i++; i < argv.length; i++) {
        const id = parseInteger(argv[i]);
        if (id === null || id <= 0) { w.error('ERR Invalid client ID'); return; }
        ids.add(id);
      }
      clients = clients.filter((x) => ids.has(x.id));
    } else {
      w.error('ERR syntax error');
      return;
    }
  }
  w.verbatim(clients.map((x) => clientInfoLine(x) + '\n').join(''));
}

function clientKill(c: Client, argv: string[], w: ReplyWriter): void {
  const all = [...c.server.clients.values()];
  if (argv.length === 3) {
    // Old form: CLIENT KILL addr:port
    const victim = all.find((x) => x.addr === argv[2]);
    if (victim === undefined) { w.error('ERR No such client'); return; }
    killClient(victim, c);
    w.ok();
    return;
  }
  if (argv.length % 2 !== 0) { w.error('ERR syntax error'); return; }
  let matches = all;
  let skipMe = true;
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    const val = argv[i + 1];
    if (opt === 'id') {
      const id = parseInteger(val);
      if (id === null || id <= 0) { w.error('ERR client-id should be greater than 0'); return; }
      matches = matches.filter((x) => x.id === id);
    } else if (opt === 'type') {
      const type = val.toLowerCase();
      if (!['normal', 'master', 'replica', 'slave', 'pubsub'].includes(type)) { w.error(`ERR Unknown client type '${val}'`); return; }
      if (type !== 'normal') matches = [];
    } else if (opt === 'addr') {
      matches = matches.filter((x) => x.addr === val);
    } else if (opt === 'laddr') {
      matches = matches.filter((x) => x.laddr === val);
    } else if (opt === 'user') {
      matches = matches.filter((x) => x.user === val);
    } else if (opt === 'skipme') {
      const v = val.toLowerCase();
      if (v !== 'yes' && v !== 'no') { w.error('ERR syntax error'); return; }
      skipMe = v === 'yes';
    } else {
      w.error('ERR syntax error');
      return;
    }
  }
  let killed = 0;
  for (const x of matches) {
    if (skipMe && x === c) continue;
    killClient(x, c);
    killed++;
  }
  w.int(killed);
}

/** Kills a client; the caller itself is closed only after its reply is written (like Redis). */
function killClient(victim: Client, caller: Client): void {
  if (victim === caller) {
    victim.closeAfterReply = true;
    return;
  }
  victim.closed = true;
  victim.socket.destroy();
}

function onOff(w: ReplyWriter, value: string, set: (on: boolean) => void): void {
  const v = value.toLowerCase();
  if (v === 'on') set(true);
  else if (v === 'off') set(false);
  else { w.error('ERR syntax error'); return; }
  w.ok();
}

// Redis 7.0's text for the subcommands Kunyu has (no CACHING, GETREDIR, PAUSE, UNPAUSE, TRACKING,
// TRACKINGINFO), then the 7.2 ones it also has (NO-TOUCH, SETINFO).
const CLIENT_HELP = [
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'NO-TOUCH (ON|OFF)',
  '    Will not touch LRU/LFU stats when this mode is on.',
  'SETINFO <option> <value>',
  '    Set client meta attr. Options are:',
  '    * LIB-NAME: the client lib name.',
  '    * LIB-VER: the client lib version.',
];

const clientSub = (name: string, arity: number, since: string, summary: string,
  run: (c: Client, argv: string[], w: ReplyWriter) => void, extraFlags: string[] = [], acl = CONN): CommandDef => ({
  name, arity, flags: [...extraFlags, ...CLIENT_FLAGS], acl, group: 'connection', since, summary, where: 'acceptor', acceptor: run,
});

export const connectionCommands: CommandDef[] = [
  {
    name: 'ping', arity: -1, flags: ['fast'], acl: CONN, group: 'connection', since: '1.0.0',
    summary: 'Answers PONG, or echoes its argument: a liveness check.', complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    args: [{ name: 'message', type: 'string', flags: ['optional'] }],
    where: 'acceptor', acceptor: ping, allowedWhenSubscribed: true,
  },
  {
    name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], acl: CONN, group: 'connection', since: '1.0.0',
    summary: 'Returns its argument.', complexity: 'O(1)', args: [{ name: 'message', type: 'string' }],
    where: 'acceptor', acceptor: (_c, argv, w) => w.bulk(argv[1]),
  },
  {
    name: 'quit', arity: -1, flags: SESSION_FLAGS, acl: CONN, group: 'connection', since: '1.0.0',
    summary: 'Closes the connection after answering OK.', complexity: 'O(1)',
    where: 'acceptor', acceptor: (c, _argv, w) => { c.closeAfterReply = true; w.ok(); }, allowedWhenSubscribed: true, runsInMulti: true,
  },
  {
    name: 'reset', arity: 1, flags: SESSION_FLAGS, acl: CONN, group: 'connection', since: '6.2.0',
    summary: 'Resets the connection to its initial state.', complexity: 'O(1)', where: 'acceptor', acceptor: reset,
    allowedWhenSubscribed: true, runsInMulti: true,
  },
  {
    name: 'hello', arity: -1, flags: SESSION_FLAGS, acl: CONN, group: 'connection', since: '6.0.0',
    summary: 'Switches the protocol version (RESP2/RESP3), optionally authenticating and naming the connection.',
    complexity: 'O(1)', where: 'acceptor', acceptor: hello,
    args: [{ name: 'arguments', type: 'block', flags: ['optional'], args: [
      { name: 'protover', type: 'integer' },
      { name: 'username-password', type: 'block', token: 'AUTH', flags: ['optional'], args: [
        { name: 'username', type: 'string' }, { name: 'password', type: 'string' }] },
      { name: 'clientname', type: 'string', token: 'SETNAME', flags: ['optional'] }] }],
  },
  {
    name: 'auth', arity: -2, flags: SESSION_FLAGS, acl: CONN, group: 'connection', since: '1.0.0',
    summary: 'Authenticates the connection.', complexity: 'O(N) where N is the number of passwords defined for the user',
    args: [{ name: 'username', type: 'string', flags: ['optional'], since: '6.0.0' }, { name: 'password', type: 'string' }],
    where: 'acceptor', acceptor: auth,
  },
  {
    name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], acl: CONN, group: 'connection', since: '1.0.0',
    summary: 'Changes the selected database.', complexity: 'O(1)', args: [{ name: 'index', type: 'integer' }],
    where: 'acceptor', acceptor: select,
    selectsDb: (argv, databases) => { const n = parseInteger(argv[1]); return n !== null && n >= 0 && n < databases ? n : null; },
  },
  {
    name: 'client', arity: -2, flags: [], acl: [], group: 'connection', since: '2.4.0',
    summary: 'A container for client connection commands.', complexity: 'Depends on subcommand.',
    where: 'acceptor', acceptor: (_c, _argv, w) => w.error("ERR wrong number of arguments for 'client' command"),
    subcommands: [
      clientSub('id', 2, '5.0.0', 'Returns the unique id of the connection.', (c, _a, w) => w.int(c.id)),
      clientSub('getname', 2, '2.6.9', 'Returns the name of the connection.', (c, _a, w) => c.name === '' ? w.nil() : w.bulk(c.name)),
      clientSub('setname', 3, '2.6.9', 'Sets the name of the connection.', (c, argv, w) => {
        if (!validClientText(argv[2])) { w.error('ERR Client names cannot contain spaces, newlines or special characters.'); return; }
        c.name = argv[2];
        w.ok();
      }),
      clientSub('setinfo', 4, '7.2.0', 'Sets information about the client library.', (c, argv, w) => {
        const attr = argv[2].toLowerCase();
        if (attr !== 'lib-name' && attr !== 'lib-ver') { w.error(`ERR Unrecognized option '${argv[2]}'`); return; }
        if (!validClientText(argv[3])) { w.error(`ERR ${attr} cannot contain spaces, newlines or special characters.`); return; }
        if (attr === 'lib-name') c.libName = argv[3];
        else c.libVer = argv[3];
        w.ok();
      }),
      { ...clientSub('list', -2, '2.4.0', 'Lists the open connections.', clientList, ['admin'], CONN), tips: ['nondeterministic_output'] },
      { ...clientSub('info', 2, '6.2.0', 'Returns information about this connection.', (c, _a, w) => w.verbatim(clientInfoLine(c) + '\n')),
        tips: ['nondeterministic_output'] },
      clientSub('kill', -3, '2.4.0', 'Closes connections.', clientKill, ['admin'], CONN),
      clientSub('no-evict', 3, '7.0.0', 'Protects this connection from eviction by maxmemory-clients.',
        (c, argv, w) => onOff(w, argv[2], (on) => { c.noEvict = on; }), ['admin'], CONN),
      clientSub('no-touch', 3, '7.2.0', 'Stops commands of this connection from changing keys\' LRU/LFU.',
        (c, argv, w) => onOff(w, argv[2], (on) => { c.noTouch = on; })),
      { ...clientSub('reply', 3, '3.2.0', 'Turns replies to this connection on, off, or off for the next command.', (c, argv, w) => {
        const mode = argv[2].toLowerCase();
        if (mode === 'on') { c.replyMode = ReplyMode.On; w.ok(); }
        else if (mode === 'off') c.replyMode = ReplyMode.Off;
        else if (mode === 'skip') { if (c.replyMode === ReplyMode.On) c.replyMode = ReplyMode.Skip; }
        else w.error('ERR syntax error');
      }), setsReplyMode: true },
      clientSub('unblock', -3, '5.0.0', 'Unblocks a client blocked by a blocking command from a different connection.', (c, argv, w) => {
        const id = parseInteger(argv[2]);
        if (id === null) { w.error(NOT_INTEGER); return; }
        let how: 'timeout' | 'error' = 'timeout';
        if (argv.length === 4) {
          const mode = argv[3].toLowerCase();
          if (mode === 'error') how = 'error';
          else if (mode !== 'timeout') { w.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'); return; }
        } else if (argv.length > 4) {
          subcommandSyntaxError(w, argv);
          return;
        }
        const target = c.server.clients.get(id);
        w.int(target !== undefined && c.server.blocking.unblock(target, how) ? 1 : 0);
      }, ['admin'], CONN),
      { ...clientSub('help', 2, '5.0.0', 'Shows help about CLIENT subcommands.', (_c, _a, w) => helpReply(w, 'CLIENT', CLIENT_HELP)), flags: ['loading', 'stale'] },
    ],
  },
];
