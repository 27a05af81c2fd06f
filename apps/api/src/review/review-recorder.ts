import type { TFeatureRows } from '@assay/core';
import type { Registry, ReviewItemInput, ReviewPolicy } from '@assay/registry';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { REGISTRY } from '../registry.token.js';
import { type ClassifiedRows, reviewItemsOf } from './review-routing.js';

/** How long a model's review policy is remembered (ms): a new policy applies within a second. */
const POLICY_CACHE_MS = 1000;
/** Rows per `registry.reviews.record` call, the longest a row waits, the most rows waiting. */
const BATCH_ROWS = 2000;
const FLUSH_MS = 200;
const MAX_BUFFERED = 100_000;

/** A prediction a registered version answered, as the predict controller saw it. */
export interface ServedForReview {
  projectId: string;
  modelName: string;
  version: number;
  requestId: string;
  rows: TFeatureRows;
  result: ClassifiedRows;
}

/** What the recorder did since it started. */
export interface ReviewRecorderStats {
  recorded: number;
  /** Rows dropped because MAX_BUFFERED were already waiting (a slow database). */
  dropped: number;
  /** Rows lost with a batch the database refused. */
  failed: number;
}

/**
 * Routes every prediction of a model with a review policy into its review queue or the automated
 * record, off the request path: `observe` returns at once; the policy lookup (cached for a
 * second), the confidences and the routing happen after the response has gone, and rows are
 * written in batches (`registry.reviews.record`: COPY on PostgreSQL) every BATCH_ROWS rows or
 * FLUSH_MS, and on shutdown. The buffer is bounded: while the database cannot keep up, rows beyond
 * MAX_BUFFERED are dropped and counted, so a prediction never waits for the queue.
 */
@Injectable()
export class ReviewRecorder implements OnApplicationShutdown {
  private readonly policies = new Map<
    string,
    { until: number; policy: Promise<ReviewPolicy | null> }
  >();
  private buffer: ReviewItemInput[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly counts = { recorded: 0, dropped: 0, failed: 0 };
  private readonly logger = new Logger('review');

  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  get stats(): ReviewRecorderStats {
    return { ...this.counts };
  }

  /** Routes a served prediction into the review queue if its model has a policy; returns at once. */
  observe(served: ServedForReview): void {
    if (served.result.kind === 'regression') return;
    setImmediate(() => {
      this.route(served).catch((error: unknown) => {
        this.logger.error(`review: routing request ${served.requestId} failed: ${String(error)}`);
      });
    });
  }

  /** Forgets a model's cached policy (it was just set here). */
  forget(projectId: string, modelName: string): void {
    this.policies.delete(`${projectId}\n${modelName}`);
  }

  /** Queues rows to record; never waits and never throws. */
  push(rows: readonly ReviewItemInput[]): void {
    for (const row of rows) {
      if (this.buffer.length >= MAX_BUFFERED) {
        this.counts.dropped += 1;
        continue;
      }
      this.buffer.push(row);
    }
    if (this.buffer.length >= BATCH_ROWS) {
      if (this.flushing === undefined) void this.flush();
    } else if (this.timer === undefined && this.buffer.length > 0) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes everything buffered now; resolves when it is stored or counted lost. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, BATCH_ROWS);
      try {
        const { count } = await this.registry.reviews.record(batch);
        this.counts.recorded += count;
      } catch (error) {
        this.counts.failed += batch.length;
        this.logger.error(
          `review: a batch of ${batch.length} items was not stored: ${(error as Error).message}`,
        );
      }
    }
  }

  private async route(served: ServedForReview): Promise<void> {
    const policy = await this.policyOf(served.projectId, served.modelName);
    if (policy === null) return;
    this.push(reviewItemsOf(policy, served));
  }

  private policyOf(projectId: string, modelName: string): Promise<ReviewPolicy | null> {
    const key = `${projectId}\n${modelName}`;
    const hit = this.policies.get(key);
    if (hit && hit.until > Date.now()) return hit.policy;
    const policy = this.registry.reviews.getPolicy(projectId, modelName);
    this.policies.set(key, { until: Date.now() + POLICY_CACHE_MS, policy });
    policy.catch(() => this.policies.delete(key));
    return policy;
  }
}
