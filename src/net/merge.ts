// Combines the replies of a command split across shards (MGET, MSET, DEL...) or fanned out to
// every shard (DBSIZE, KEYS, FLUSHDB) into the one reply Redis would give.
import { skipReply } from '../protocol/reply-reader';
import type { Merge } from '../commands/types';
// The global `Buffer` is a lazy accessor in Node 20: the import reads it once.
import { Buffer } from 'node:buffer';

const OK = Buffer.from('+OK\r\n');

/**
 * Merges part replies. For 'interleave', `order[i]` lists the final positions of part i's
 * elements. Used by the acceptor for split commands and by shards inside transactions.
 */
export function mergeReplies(merge: Merge, parts: Buffer[], order: number[][] | null): Buffer {
  // A failed part answers for the whole command (Redis would have failed it whole, too).
  for (const p of parts) if (p[0] === 0x2d /* '-' */) return p;
  switch (merge) {
    case 'sum': {
      let total = 0;
      for (const p of parts) total += Number(p.latin1Slice(1, p.length - 2));
      return Buffer.from(`:${total}\r\n`, 'latin1');
    }
    case 'ok':
      return OK;
    case 'concat': {
      let count = 0;
      const bodies: Buffer[] = [];
      for (const p of parts) {
        const header = arrayHeader(p);
        count += header.count;
        bodies.push(p.subarray(header.end));
      }
      return Buffer.concat([Buffer.from(`*${count}\r\n`), ...bodies]);
    }
    case 'interleave': {
      let count = 0;
      for (const o of order!) count += o.length;
      const elements: Buffer[] = new Array(count);
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        let pos = arrayHeader(p).end;
        for (const at of order![i]) {
          const end = skipReply(p, pos, p.length);
          elements[at] = p.subarray(pos, end);
          pos = end;
        }
      }
      return Buffer.concat([Buffer.from(`*${count}\r\n`), ...elements]);
    }
    default:
      throw new Error(`no merge rule for a split reply`);
  }
}

/** Reads "*N\r\n" (RESP3 sets "~N" too) at the start of a reply. */
function arrayHeader(p: Buffer): { count: number; end: number } {
  const cr = p.indexOf(13);
  return { count: Number(p.latin1Slice(1, cr)), end: cr + 2 };
}
