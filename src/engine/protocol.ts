// Message layouts on the rings.
//
// Acceptor → shard request frame payload:
//   Command:   u8 kind | u16 command id | u8 db | u8 flags | u32 argc | argc × (u32 len, bytes)
//   TxCommand: same as Command, then u8 n | n × u8 participant shard
//   Barrier:   u8 kind | u8 coordinator shard
//   Config:    u8 kind | u32 len, name | u32 len, value
//   Unwatch:   u8 kind | u8 db | key bytes
//   Stop:      u8 kind
// Shard → acceptor reply frame payload:
//   Reply:    u8 kind | RESP bytes of the reply, already encoded for the client's protocol
//   Blocked:  u8 kind [| RESP array: the arguments to run it with from now on] (a blocking command
//             found no data and waits; the acceptor keeps the client)
//   KeyReady: u8 kind | u8 db | key bytes (out of band: a watched key got data; not a reply)
//   Event:    u8 kind | u8 db | u32 len, event | key bytes: a keyspace notification of the command
//             whose reply comes next (published when that reply is released, in order)
//   EventNow: same layout, produced outside commands (expiry, eviction): published at once
// A shard answers the requests of its ring in order (barriers get no answer), so the acceptor
// matches replies to requests by position: no ids on the wire.
//
// Shard ↔ shard (peer) frames, only between a transaction's coordinator and its participants:
//   coordinator → participant: u8 peer op | op-specific payload (see PeerOp)
//   participant → coordinator: op-specific reply payload

import type { ReplyWriter } from '../protocol/writer';

export const enum RequestKind {
  Command = 1,
  /** Run a multi-shard command as the coordinator of a transaction (participants follow). */
  TxCommand = 2,
  /** Park at this point and serve the coordinator's peer requests until it releases us. */
  Barrier = 3,
  /** Stop the shard's loop (server shutdown). */
  Stop = 4,
  /** A configuration value the shard needs changed (CONFIG SET). No reply. */
  Config = 5,
  /** A blocked client stopped waiting on this key. No reply. */
  Unwatch = 6,
}

export const enum ReplyKind {
  Reply = 1,
  Blocked = 2,
  KeyReady = 3,
  Event = 4,
  EventNow = 5,
}

export const enum PeerOp {
  /** Transaction finished: leave the barrier. No reply. */
  Release = 1,
  /** u8 db | key → u8 found | transfer (value, expiry); the key stays. */
  Peek = 2,
  /** u8 db | key → u8 found | transfer; the key is removed. */
  Take = 3,
  /** u8 db | u8 replace | key | transfer → u8 stored. */
  Put = 4,
  /** u8 db | key → u8 existed. */
  Delete = 5,
  /** u8 db | key → u8 exists. */
  Exists = 6,
  /**
   * u16 command id | u8 db | u8 flags | u32 argc | args → u32 n | n × event (u8 db, u32 len,
   * event, u32 len, key) | RESP reply bytes. The events the call produced travel back so the
   * coordinator publishes them in order with its own.
   */
  Call = 7,
  /** u8 db | key → u8 1. A blocked command waits on this key too. */
  Watch = 8,
}

/** Bytes before the first argument in a command request payload. */
export const REQUEST_HEADER = 1 + 2 + 1 + 1 + 4;

/**
 * Writes a command frame payload (`lead` is the RequestKind, or PeerOp.Call between shards):
 * u8 lead | u16 command id | u8 db | u8 flags | u32 argc | argc × (u32 len, latin1 bytes).
 */
export function writeCommandPayload(w: ReplyWriter, lead: number, commandId: number, db: number, flags: number, argv: readonly string[]): void {
  w.ensure(REQUEST_HEADER);
  w.buf[w.pos] = lead;
  w.buf.writeUInt16LE(commandId, w.pos + 1);
  w.buf[w.pos + 3] = db;
  w.buf[w.pos + 4] = flags;
  w.buf.writeUInt32LE(argv.length, w.pos + 5);
  w.pos += REQUEST_HEADER;
  for (const a of argv) {
    w.ensure(4 + a.length);
    w.buf.writeUInt32LE(a.length, w.pos);
    w.pos += 4;
    w.pos += w.buf.latin1Write(a, w.pos);
  }
}

/** Doorbell party numbers: the acceptor is 0, shard i is i + 1. */
export const ACCEPTOR_PARTY = 0;
export function shardParty(shard: number): number {
  return shard + 1;
}
