import type { Registry } from '@assay/registry';
import type { Provider } from '@nestjs/common';
import { API_ENV, type ApiEnv } from '../env.js';
import { REGISTRY } from '../registry.token.js';
import { ModelCache } from '../versions/model-cache.js';
import { COMPUTE_POOL, type ComputePool } from './compute/compute-pool.js';
import type { ModelBytes } from './compute/protocol.js';
import { JOB_QUEUE, type JobQueue } from './job-queue.js';

/**
 * What a request that runs its work now or queues it as a job (`runOrQueue`) needs: the registry,
 * the model cache, the compute pool, the job queue, and the bounds of the work a request runs
 * within itself. Batch tests, comparisons and gate runs take it whole; one provider builds it.
 */
export interface RequestWork {
  registry: Registry;
  models: ModelCache<ModelBytes>;
  compute: ComputePool;
  queue: JobQueue;
  /** A dataset with more rows runs as a job unless `async: false` (`ASSAY_SYNC_MAX_ROWS`). */
  syncMaxRows: number;
  /** Rows × resamples beyond which a batch test runs as a job (`ASSAY_SYNC_MAX_RESAMPLED_ROWS`). */
  syncMaxResampledRows: number;
  /** A stored dataset above this many rows is a sharded batch test on Redis workers (`ASSAY_SHARD_ROWS`). */
  shardRows: number;
}

/** Nest token of the {@link RequestWork} the controllers that start work inject. */
export const REQUEST_WORK = Symbol('REQUEST_WORK');

/** Builds the {@link RequestWork} from the application's registry, cache, pool, queue and env. */
export const requestWorkProvider: Provider = {
  provide: REQUEST_WORK,
  inject: [REGISTRY, ModelCache, COMPUTE_POOL, JOB_QUEUE, API_ENV],
  useFactory: (
    registry: Registry,
    models: ModelCache<ModelBytes>,
    compute: ComputePool,
    queue: JobQueue,
    env: ApiEnv,
  ): RequestWork => ({
    registry,
    models,
    compute,
    queue,
    syncMaxRows: env.ASSAY_SYNC_MAX_ROWS,
    syncMaxResampledRows: env.ASSAY_SYNC_MAX_RESAMPLED_ROWS,
    shardRows: env.ASSAY_SHARD_ROWS,
  }),
};
