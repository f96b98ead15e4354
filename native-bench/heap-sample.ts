// Where a running server's garbage comes from. Starts the server in this process, waits out a
// warm-up, then samples allocations for a window with V8's sampling heap profiler, counting the
// objects a minor GC collects too (without that, short-lived garbage is invisible). Prints the
// bytes allocated per command processed in the window and the functions that allocated most
// (self bytes; V8 credits an inlined callee's allocations to the function it was inlined into).
// Run: npm run build && node dist/native-bench/heap-sample.js <warm-up s> <window s> -- <server args>
// and load the server across the window, e.g. redis-benchmark -p <port> -t get -P 16 -n 3000000.
import { Session } from 'node:inspector';
import { main as serverMain } from '../src/server/main';
import { command } from './resp';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** The server's total_commands_processed (INFO stats). */
async function commandsProcessed(port: number): Promise<number> {
  const info = await command(port, ['INFO', 'stats']);
  const m = typeof info === 'string' ? /^total_commands_processed:(\d+)/m.exec(info) : null;
  if (m === null) throw new Error('INFO stats has no total_commands_processed');
  return Number(m[1]);
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))));
}

const sleep = (s: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, s * 1000));

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  if (dash !== 2) throw new Error('usage: heap-sample.js <warm-up s> <window s> -- <server args>');
  const [warmUp, window] = argv.slice(0, 2).map(Number);
  const serverArgs = argv.slice(3);
  const portAt = serverArgs.indexOf('--port');
  const port = portAt >= 0 ? Number(serverArgs[portAt + 1]) : 6379;
  void serverMain(serverArgs);
  const session = new Session();
  session.connect();
  await sleep(warmUp);
  const before = await commandsProcessed(port);
  await post(session, 'HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
  await sleep(window);
  const { profile } = await post<{ profile: { head: ProfileNode } }>(session, 'HeapProfiler.stopSampling');
  const commands = (await commandsProcessed(port)) - before;
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode, caller: string): void => {
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    if (node.selfSize > 0) {
      const site = `${name} <- ${caller}`;
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child, f.functionName || '(anonymous)');
  };
  walk(profile.head, '(root)');
  const per = (bytes: number): string => (commands > 0 ? (bytes / commands).toFixed(1) : '?');
  console.log(`${commands} commands in ${window} s; ${total} bytes sampled: ${per(total)} bytes per command`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${per(bytes).padStart(8)}  ${site}`);
  process.exit(0);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
