// FUNCTION libraries: their metadata ("#!lua name=..."), loading, replacing, deleting, and the
// functions they register. The acceptor keeps one registry (FUNCTION LIST/DUMP/STATS and the
// validation of FUNCTION LOAD/RESTORE); every shard keeps a copy, rebuilt from the library
// codes the acceptor sends it, to run FCALL.
import { splitArgs } from '../util/sds';
import { LuaEnv, SCRIPT_FLAG_NAMES, type RegisteredFunction, type ScriptHost } from './engine';

export interface Library {
  name: string;
  /** The whole code, shebang line included (FUNCTION LIST WITHCODE, DUMP). */
  code: string;
  functions: RegisteredFunction[];
}

export interface LibraryFunction {
  library: Library;
  fn: RegisteredFunction;
}

/** The library's engine, name and code after the shebang line, or Redis's error text. */
export function libraryMetadata(code: string): { engine: string; name: string; body: string } | string {
  if (!code.startsWith('#!')) return 'Missing library metadata';
  const nl = code.indexOf('\n');
  if (nl < 0) return 'Invalid library metadata';
  const parts = splitArgs(code.slice(0, nl));
  if (parts === null || parts.length === 0) return 'Invalid library metadata';
  const engine = parts[0].slice(2);
  let name: string | null = null;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== null) return 'Invalid metadata value, name argument was given multiple times';
      name = part.slice(5);
      continue;
    }
    return `Invalid metadata value given: ${part}`;
  }
  if (name === null) return 'Library name was not given';
  return { engine, name, body: code.slice(nl) };
}

const NAME = /^[A-Za-z0-9_]+$/;

export class FunctionRegistry {
  readonly libraries = new Map<string, Library>();
  /** Functions by lower-case name (FCALL looks names up case-insensitively). */
  readonly functions = new Map<string, LibraryFunction>();
  private env: LuaEnv | null = null;

  constructor(private readonly host: ScriptHost) {}

  get lua(): LuaEnv {
    if (this.env === null) this.env = new LuaEnv('function', this.host);
    return this.env;
  }

  /**
   * FUNCTION LOAD: compiles and registers a library. Returns its name, or the error text (to
   * reply with an "ERR " prefix). `timeoutMs` bounds the time its code may run (0: none).
   */
  load(code: string, replace: boolean, timeoutMs = 500): { name: string } | { error: string } {
    const md = libraryMetadata(code);
    if (typeof md === 'string') return { error: md };
    if (!NAME.test(md.name)) {
      return { error: 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long' };
    }
    if (md.engine.toUpperCase() !== 'LUA') return { error: `Engine '${md.engine}' not found` };
    const old = this.libraries.get(md.name);
    if (old !== undefined && !replace) return { error: `Library '${md.name}' already exists` };
    const loaded = this.lua.loadLibrary(md.body, timeoutMs);
    if (typeof loaded === 'string') return { error: loaded };
    const fail = (error: string): { error: string } => {
      for (const f of loaded) this.lua.release(f.ref);
      return { error };
    };
    if (loaded.length === 0) return fail('No functions registered');
    for (const f of loaded) {
      const other = this.functions.get(f.name.toLowerCase());
      if (other !== undefined && other.library !== old) return fail(`Function ${f.name} already exists`);
    }
    if (old !== undefined) this.unlink(old);
    this.link({ name: md.name, code, functions: loaded });
    return { name: md.name };
  }

  delete(name: string): boolean {
    const lib = this.libraries.get(name);
    if (lib === undefined) return false;
    this.unlink(lib);
    return true;
  }

  flush(): void {
    this.libraries.clear();
    this.functions.clear();
    this.env = null; // a fresh Lua state, as Redis recreates its engine
  }

  /**
   * FUNCTION RESTORE: the libraries of a payload, with a policy. Validates everything first (in
   * a scratch registry) so a failure changes nothing. Returns null or the error text.
   */
  restore(codes: string[], policy: 'flush' | 'append' | 'replace'): string | null {
    const scratch = new FunctionRegistry(this.host);
    for (const code of codes) {
      const r = scratch.load(code, false, 0);
      if ('error' in r) return r.error;
    }
    if (policy !== 'flush') {
      for (const lib of scratch.libraries.values()) {
        if (this.libraries.has(lib.name) && policy === 'append') return `Library ${lib.name} already exists`;
      }
      const replaced = new Set(policy === 'replace' ? [...scratch.libraries.keys()].filter((n) => this.libraries.has(n)) : []);
      for (const [fname, f] of scratch.functions) {
        const mine = this.functions.get(fname);
        if (mine !== undefined && !replaced.has(mine.library.name)) return `Function ${f.fn.name} already exists`;
      }
    }
    // Valid: apply it for real (compiling into this registry's own state).
    if (policy === 'flush') this.flush();
    for (const code of codes) this.load(code, true, 0);
    return null;
  }

  /** Every library's code, in registry order (FUNCTION DUMP, shipping to shards). */
  codes(): string[] {
    return [...this.libraries.values()].map((l) => l.code);
  }

  /** Rebuilds from a list of library codes (shards, after any change on the acceptor). */
  sync(codes: string[]): void {
    this.flush();
    for (const code of codes) this.load(code, true, 0);
  }

  private link(lib: Library): void {
    this.libraries.set(lib.name, lib);
    for (const fn of lib.functions) this.functions.set(fn.name.toLowerCase(), { library: lib, fn });
  }

  private unlink(lib: Library): void {
    this.libraries.delete(lib.name);
    for (const fn of lib.functions) {
      this.functions.delete(fn.name.toLowerCase());
      this.env?.release(fn.ref);
    }
  }
}

/** The flag names of a function, in Redis's order (FUNCTION LIST). */
export function flagNames(flags: number): string[] {
  return SCRIPT_FLAG_NAMES.filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
}
