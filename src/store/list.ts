// The list type: a deque of latin1 strings in a growable ring buffer, so pushes and pops at both
// ends are O(1) and LINDEX is O(1) too. Redis 7.0 reports every list as "quicklist".
import { Collection, registerCollection } from './types';

/** Estimated heap bytes per element beyond its characters: the slot and the string header. */
const ELEMENT_OVERHEAD = 20;

export class ListValue extends Collection {
  readonly type = 'list';
  private items: Array<string | undefined>;
  private head = 0;
  private count = 0;

  constructor(capacity = 8) {
    super();
    this.items = new Array(capacity);
  }

  get size(): number { return this.count; }

  encoding(): string { return 'quicklist'; }

  clone(): ListValue {
    const c = new ListValue(Math.max(8, this.count));
    for (let i = 0; i < this.count; i++) c.push(this.at(i), false);
    return c;
  }

  toStrings(): string[] {
    return this.range(0, this.count - 1);
  }

  /** Element at index i (0 = head); the caller checks bounds. */
  at(i: number): string {
    return this.items[(this.head + i) & (this.items.length - 1)]!;
  }

  set(i: number, value: string): void {
    const slot = (this.head + i) & (this.items.length - 1);
    this.bytes += value.length - this.items[slot]!.length;
    this.items[slot] = value;
  }

  private grow(): void {
    const next = new Array<string | undefined>(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.at(i);
    this.items = next;
    this.head = 0;
  }

  /** Pushes at the head (left) or the tail (right). */
  push(value: string, left: boolean): void {
    if (this.count === this.items.length) this.grow();
    const mask = this.items.length - 1;
    if (left) {
      this.head = (this.head - 1) & mask;
      this.items[this.head] = value;
    } else {
      this.items[(this.head + this.count) & mask] = value;
    }
    this.count++;
    this.bytes += value.length + ELEMENT_OVERHEAD;
  }

  /** Pops from the head (left) or the tail (right); undefined when empty. */
  pop(left: boolean): string | undefined {
    if (this.count === 0) return undefined;
    const mask = this.items.length - 1;
    let slot: number;
    if (left) {
      slot = this.head;
      this.head = (this.head + 1) & mask;
    } else {
      slot = (this.head + this.count - 1) & mask;
    }
    const value = this.items[slot]!;
    this.items[slot] = undefined;
    this.count--;
    this.bytes -= value.length + ELEMENT_OVERHEAD;
    return value;
  }

  /** Elements start..end inclusive (already clamped to the list). */
  range(start: number, end: number): string[] {
    const out: string[] = [];
    for (let i = start; i <= end; i++) out.push(this.at(i));
    return out;
  }

  /** Replaces the contents with `values` (LINSERT, LREM, LTRIM rebuild the list). */
  replaceAll(values: string[]): void {
    let cap = 8;
    while (cap < values.length) cap *= 2;
    this.items = new Array(cap);
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
    for (const v of values) this.push(v, false);
  }
}

registerCollection('list', (strings) => {
  const l = new ListValue();
  for (const s of strings) l.push(s, false);
  return l;
});
