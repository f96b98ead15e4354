import { performance } from 'perf_hooks';
import type { PipelineBuffer } from './commands';
import type { BenchConnection, ConnectionOwner } from './connection';
import { LatencyStats } from './stats';

export type PhaseLimit = { requests: number } | { durationMs: number };

/**
 * Drives all connections with pipelined batches until the request budget is spent or the
 * duration elapses, then waits for outstanding replies. Each connection keeps one batch in flight.
 */
export class LoadPhase implements ConnectionOwner {
  readonly stats = new LatencyStats();
  private requestsLeft: number;
  /** When duration-limited, no batch starts at or after this time. */
  private deadlineMs = Infinity;
  private idleConnections = 0;
  private finished = false;
  private startMs = 0;
  private settle: { resolve: (elapsedMs: number) => void; reject: (error: Error) => void } | null = null;

  constructor(
    private readonly connections: BenchConnection[],
    /** Indexed by BenchConnection.index. */
    private readonly pipelines: PipelineBuffer[],
    private readonly depth: number,
    private readonly limit: PhaseLimit,
  ) {
    this.requestsLeft = 'requests' in limit ? limit.requests : Infinity;
  }

  /** Resolves with the elapsed milliseconds from the first write to the last reply. */
  run(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      this.startMs = performance.now();
      if ('durationMs' in this.limit) this.deadlineMs = this.startMs + this.limit.durationMs;
      for (const connection of this.connections) {
        connection.owner = this;
        this.connectionIdle(connection);
      }
    });
  }

  connectionIdle(connection: BenchConnection): void {
    if (this.finished) return;
    const pastDeadline = this.deadlineMs !== Infinity && performance.now() >= this.deadlineMs;
    const count = pastDeadline ? 0 : Math.min(this.depth, this.requestsLeft);
    if (count > 0) {
      this.requestsLeft -= count;
      connection.send(this.pipelines[connection.index].batch(count), count);
    } else if (++this.idleConnections === this.connections.length) {
      this.finished = true;
      this.settle?.resolve(performance.now() - this.startMs);
    }
  }

  connectionFailed(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.settle?.reject(error);
  }
}
