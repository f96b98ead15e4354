// Node's Buffer has had fast latin1Slice/latin1Write methods since v0.x; @types/node omits them.
// They skip Buffer.toString/write's encoding dispatch, which shows on the per-command hot path.
export {};
declare global {
  interface Buffer {
    latin1Slice(start?: number, end?: number): string;
    latin1Write(s: string, offset?: number, length?: number): number;
  }
}
