import { BenchCommand, PipelineBuffer, encodeCommand, suiteCommands, templateCommand } from './commands';
import { BenchConnection, BenchError } from './connection';
import { BenchOptions, USAGE, UsageError, parseOptions } from './options';
import { LoadPhase } from './phase';
import { ProgressLine, Reporter, TestResult, testResult } from './report';

async function openConnections(options: BenchOptions): Promise<BenchConnection[]> {
  const attempts = await Promise.allSettled(
    Array.from({ length: options.clients }, (_, index) => BenchConnection.connect(options.host, options.port, index)),
  );
  const connections = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
  const failure = attempts.find((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
  if (failure !== undefined) {
    for (const connection of connections) connection.close();
    throw failure.reason;
  }
  return connections;
}

/** Sends one command on every connection; fails if any connection gets an error reply. */
async function sendToEach(connections: BenchConnection[], args: string[]): Promise<void> {
  const command: BenchCommand = { title: args.join(' '), bytes: encodeCommand(args.map((arg) => Buffer.from(arg))), randOffsets: [] };
  const pipelines = connections.map(() => new PipelineBuffer(command, 1, 0));
  // One request per connection: run() hands each connection its batch before any reply can arrive.
  const phase = new LoadPhase(connections, pipelines, 1, { requests: connections.length });
  try {
    await phase.run();
    if (phase.stats.firstError !== null) throw new BenchError(`${command.title} failed: ${phase.stats.firstError}`);
  } finally {
    phase.stats.destroy();
  }
}

async function runTest(
  command: BenchCommand,
  connections: BenchConnection[],
  options: BenchOptions,
  reporter: Reporter,
): Promise<TestResult> {
  const pipelines = connections.map(() => new PipelineBuffer(command, options.pipeline, options.keyspaceLen ?? 0));
  if (options.warmupSec > 0) {
    const warmup = new LoadPhase(connections, pipelines, options.pipeline, { durationMs: options.warmupSec * 1000 });
    try {
      await warmup.run();
    } finally {
      warmup.stats.destroy();
    }
  }
  const limit = options.durationSec === null ? { requests: options.requests } : { durationMs: options.durationSec * 1000 };
  const phase = new LoadPhase(connections, pipelines, options.pipeline, limit);
  const progress = reporter.showsProgress ? new ProgressLine(command.title, phase.stats) : null;
  try {
    const elapsedMs = await phase.run();
    return testResult(command.title, phase.stats, elapsedMs);
  } finally {
    progress?.stop();
    phase.stats.destroy();
  }
}

export async function main(argv: string[]): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }

  const randomKeys = options.keyspaceLen !== null;
  const commands =
    options.template !== null
      ? [templateCommand(options.template, options.dataSize, randomKeys)]
      : suiteCommands(options.tests, options.dataSize, randomKeys);
  const reporter = new Reporter(options);
  let connections: BenchConnection[] = [];
  try {
    connections = await openConnections(options);
    if (options.resp3) await sendToEach(connections, ['HELLO', '3']);
    for (const command of commands) reporter.testDone(await runTest(command, connections, options, reporter));
    reporter.finish();
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    for (const connection of connections) connection.close();
  }
}
