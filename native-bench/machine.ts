// What the numbers were measured on: recorded next to every table.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  os: string;
  node: string;
  redisServer: string;
  redisBenchmark: string;
  kunyu: string;
}

/** First line of `<program> --version`, or null when the program cannot be run. */
export function programVersion(program: string): string | null {
  const result = spawnSync(program, ['--version'], { encoding: 'utf8', timeout: 10000 });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim().split('\n')[0];
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // Fall through to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  let distro = `${os.type()}`;
  try {
    const match = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (match) distro = match[1];
  } catch {
    // Not every system has /etc/os-release.
  }
  return `${distro}, kernel ${os.release()} ${os.arch()}`;
}

function kunyuVersion(repoRoot: string): string {
  let version = 'unknown';
  try {
    version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // Reported as unknown.
  }
  const git = (args: string[]): string | null => {
    const r = spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8', timeout: 10000 });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '';
  return `${version} (${commit ? `commit ${commit}` : 'no commit'}${dirty ? ', uncommitted changes' : ''})`;
}

export function machineInfo(repoRoot: string, redisCmd: string, benchmarkCmd: string): MachineInfo {
  const shorten = (v: string | null): string => (v ? v.replace(/ sha=.*$/, '') : 'not found');
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    os: osName(),
    node: process.version,
    redisServer: shorten(programVersion(redisCmd)),
    redisBenchmark: shorten(programVersion(benchmarkCmd)),
    kunyu: kunyuVersion(repoRoot),
  };
}
