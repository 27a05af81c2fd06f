import type { PredictionLogInput, Registry } from '@assay/registry';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { API_ENV, type ApiEnv } from '../env.js';
import { REGISTRY } from '../registry.token.js';

/** How the writer batches: every `batchRows` rows or `flushMs`, at most `maxBuffered` waiting. */
export interface PredictionLogWriterOptions {
  batchRows: number;
  flushMs: number;
  maxBuffered: number;
}

/**
 * Batches in flight at once, each on its own connection: the database parses and indexes one
 * batch per connection on one core, so two overlap (measured 1.1–1.4× the rows/s of one on the
 * 2-core machine, bench/README.md). Mirrored rows of concurrent batches add to their shadow
 * test's count under its row lock, so the count stays that of the log.
 */
const CONCURRENT_BATCHES = 2;

/** What the writer did since it started (for tests, benchmarks and the shadow report). */
export interface PredictionLogWriterStats {
  /** Rows stored. */
  written: number;
  /** Rows dropped because `maxBuffered` rows were already waiting (a slow database). */
  dropped: number;
  /** Rows lost with a batch the database refused. */
  failed: number;
  /** Rows waiting now. */
  buffered: number;
}

/**
 * The prediction log's buffered writer: requests `push` rows (a few microseconds, never a database
 * round trip) and one flush at a time appends them with the registry's bulk insert (COPY on
 * PostgreSQL), every `batchRows` rows or `flushMs`, whichever comes first, and on shutdown; a
 * flush writes up to two batches at once while rows wait. The buffer is bounded:
 * while the database cannot keep up, rows beyond `maxBuffered` are dropped and counted, so the log
 * never grows the API's memory without bound nor slows a prediction.
 */
@Injectable()
export class PredictionLogWriter implements OnApplicationShutdown {
  private buffer: PredictionLogInput[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly counts = { written: 0, dropped: 0, failed: 0 };
  private readonly logger = new Logger('prediction-log');
  private readonly options: PredictionLogWriterOptions;

  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) env: ApiEnv,
  ) {
    this.options = {
      batchRows: env.ASSAY_PREDICTION_LOG_BATCH,
      flushMs: env.ASSAY_PREDICTION_LOG_FLUSH_MS,
      maxBuffered: env.ASSAY_PREDICTION_LOG_MAX_BUFFERED,
    };
  }

  get stats(): PredictionLogWriterStats {
    return { ...this.counts, buffered: this.buffer.length };
  }

  /** Queues a row; never waits and never throws. */
  push(row: PredictionLogInput): void {
    if (this.buffer.length >= this.options.maxBuffered) {
      this.counts.dropped += 1;
      return;
    }
    this.buffer.push(row);
    if (this.buffer.length >= this.options.batchRows) {
      // A running flush drains until the buffer is empty: it takes these rows too.
      if (this.flushing === undefined) void this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushMs);
      this.timer.unref();
    }
  }

  /** Writes everything buffered now (batch by batch); resolves when it is stored or counted lost. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // One flush at a time: a second caller waits for the first, then writes what came since.
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async drain(): Promise<void> {
    // Each loop takes the next batch while rows wait: with one batch's worth, the second ends at once.
    const loop = async () => {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.options.batchRows);
        try {
          const { count } = await this.registry.predictionLogs.append(batch);
          this.counts.written += count;
        } catch (error) {
          this.counts.failed += batch.length;
          this.logger.error(
            `prediction log: a batch of ${batch.length} rows was not stored: ${(error as Error).message}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_BATCHES }, loop));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
