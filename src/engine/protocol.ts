// Message layouts on the rings between the acceptor and the shards.
//
// Request frame (acceptor → shard) payload:
//   u8 kind | u16 command id | u8 db | u8 flags | u32 argc | argc × (u32 len, bytes)
// Reply frame (shard → acceptor) payload:
//   u8 kind | RESP bytes of the reply, already encoded for the client's protocol
// A shard answers the requests of its ring in order, so the acceptor matches replies to
// requests by position: no ids on the wire.

export const enum RequestKind {
  Command = 1,
  /** Stop the shard's loop (server shutdown). */
  Stop = 2,
}

export const enum ReplyKind {
  Reply = 1,
}

/** Bytes before the first argument in a command request payload. */
export const REQUEST_HEADER = 1 + 2 + 1 + 1 + 4;

/** Doorbell party numbers: the acceptor is 0, shard i is i + 1. */
export const ACCEPTOR_PARTY = 0;
export function shardParty(shard: number): number {
  return shard + 1;
}
