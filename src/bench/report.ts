import { performance } from 'perf_hooks';
import type { BenchOptions } from './options';
import type { LatencySummaryMs, LatencyStats } from './stats';

export interface TestResult {
  test: string;
  /** Replies received, error replies included. */
  count: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  rps: number;
  latencyMs: LatencySummaryMs;
}

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** Rounds to what the measurements resolve: microseconds for latencies and durations. */
export function testResult(title: string, stats: LatencyStats, elapsedMs: number): TestResult {
  const seconds = elapsedMs / 1000;
  const latency = stats.summaryMs();
  return {
    test: title,
    count: stats.replies,
    errors: stats.errors,
    firstError: stats.firstError,
    seconds: round(seconds, 6),
    rps: seconds > 0 ? round(stats.replies / seconds, 2) : 0,
    latencyMs: {
      avg: round(latency.avg, 3),
      min: round(latency.min, 3),
      p50: round(latency.p50, 3),
      p90: round(latency.p90, 3),
      p99: round(latency.p99, 3),
      p99_9: round(latency.p99_9, 3),
      max: round(latency.max, 3),
    },
  };
}

const ms = (value: number): string => value.toFixed(3);
const csvRow = (cells: string[]): string => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',') + '\n';

/** Writes results in the selected format: JSON at the end, other formats as each test finishes. */
export class Reporter {
  private readonly results: TestResult[] = [];

  constructor(private readonly options: BenchOptions) {
    if (options.csv) {
      process.stdout.write(
        csvRow([
          'test',
          'rps',
          'avg_latency_ms',
          'min_latency_ms',
          'p50_latency_ms',
          'p90_latency_ms',
          'p99_latency_ms',
          'p99_9_latency_ms',
          'max_latency_ms',
          'count',
          'errors',
        ]),
      );
    }
  }

  /** A live progress line is only useful to a person watching a terminal. */
  get showsProgress(): boolean {
    return !this.options.json && !this.options.csv && process.stdout.isTTY === true && process.stderr.isTTY === true;
  }

  testDone(result: TestResult): void {
    this.results.push(result);
    const { options } = this;
    if (options.json) return;
    if (result.firstError !== null) {
      process.stderr.write(`${result.test}: ${result.errors} error replies, first: ${result.firstError}\n`);
    }
    const latency = result.latencyMs;
    if (options.csv) {
      process.stdout.write(
        csvRow([
          result.test,
          result.rps.toFixed(2),
          ms(latency.avg),
          ms(latency.min),
          ms(latency.p50),
          ms(latency.p90),
          ms(latency.p99),
          ms(latency.p99_9),
          ms(latency.max),
          String(result.count),
          String(result.errors),
        ]),
      );
    } else if (options.quiet) {
      process.stdout.write(`${result.test}: ${result.rps.toFixed(2)} requests per second, p50=${ms(latency.p50)} msec\n`);
    } else {
      const column = (value: string): string => value.padStart(9);
      const names = ['avg', 'min', 'p50', 'p90', 'p99', 'p99.9', 'max'];
      const values = [latency.avg, latency.min, latency.p50, latency.p90, latency.p99, latency.p99_9, latency.max];
      process.stdout.write(
        [
          `====== ${result.test} ======`,
          `  ${result.count} requests completed in ${result.seconds.toFixed(2)} seconds`,
          `  ${options.clients} parallel clients`,
          `  ${options.dataSize} bytes payload`,
          `  pipeline: ${options.pipeline}`,
          ...(result.errors > 0 ? [`  errors: ${result.errors}`] : []),
          '',
          'Summary:',
          `  throughput summary: ${result.rps.toFixed(2)} requests per second`,
          '  latency summary (msec):',
          `    ${names.map(column).join(' ')}`,
          `    ${values.map((value) => column(ms(value))).join(' ')}`,
          '',
          '',
        ].join('\n'),
      );
    }
  }

  finish(): void {
    if (!this.options.json) return;
    const { options } = this;
    const document = {
      host: options.host,
      port: options.port,
      clients: options.clients,
      pipeline: options.pipeline,
      dataSize: options.dataSize,
      keyspaceLen: options.keyspaceLen,
      requests: options.durationSec === null ? options.requests : null,
      durationSec: options.durationSec,
      resp3: options.resp3,
      tests: this.results,
    };
    process.stdout.write(JSON.stringify(document, null, 2) + '\n');
  }
}

/** Redraws "TITLE: rps=... (overall: ...) avg_msec=... (overall: ...)" on stderr every 250 ms. */
export class ProgressLine {
  private readonly timer: NodeJS.Timeout;
  private readonly startMs = performance.now();
  private lastMs = this.startMs;
  private lastReplies = 0;
  private lastLatencySumUs = 0;

  constructor(
    private readonly title: string,
    private readonly stats: LatencyStats,
  ) {
    this.timer = setInterval(() => this.draw(), 250);
  }

  stop(): void {
    clearInterval(this.timer);
    process.stderr.write('\r\x1b[K');
  }

  private draw(): void {
    const { stats } = this;
    const nowMs = performance.now();
    const replies = stats.replies - this.lastReplies;
    const rps = (replies * 1000) / (nowMs - this.lastMs);
    const overallRps = (stats.replies * 1000) / (nowMs - this.startMs);
    const avgMs = replies > 0 ? (stats.latencySumUs - this.lastLatencySumUs) / replies / 1000 : 0;
    const overallAvgMs = stats.replies > 0 ? stats.latencySumUs / stats.replies / 1000 : 0;
    this.lastMs = nowMs;
    this.lastReplies = stats.replies;
    this.lastLatencySumUs = stats.latencySumUs;
    process.stderr.write(
      `\r\x1b[K${this.title}: rps=${rps.toFixed(1)} (overall: ${overallRps.toFixed(1)}) ` +
        `avg_msec=${ms(avgMs)} (overall: ${ms(overallAvgMs)})`,
    );
  }
}
