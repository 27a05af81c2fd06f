import { createHash } from 'node:crypto';
import type { TFeatureRows } from '@assay/core';
import type { ModelVersion, PredictionLogInput, Registry, ShadowTest } from '@assay/registry';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { API_ENV, type ApiEnv, computeLimits } from '../env.js';
import type { ComputeResults, ModelBytes } from '../jobs/compute/protocol.js';
import { PredictionLogWriter } from '../prediction-log/prediction-log-writer.js';
import { REGISTRY } from '../registry.token.js';
import { versionModelBytes } from '../versions/load-version-model.js';
import { ModelCache } from '../versions/model-cache.js';
import { outputOf } from './shadow-protocol.js';
import { ShadowRunner } from './shadow-runner.js';

export { outputOf } from './shadow-protocol.js';

/** A prediction the alias's holder (or a named version) answered, as the controller saw it. */
export interface ServedPrediction {
  projectId: string;
  modelName: string;
  /** The alias the request named, if any: only those are mirrored. */
  alias: string | undefined;
  version: ModelVersion;
  requestId: string;
  rows: TFeatureRows;
  result: ComputeResults['predict'];
  latencyMs: number;
  at: Date;
}

/** What this process's mirror did since it started. */
export interface ShadowMirrorStats {
  /** Copies sent to a candidate. */
  mirrored: number;
  /**
   * Sampled copies dropped: ASSAY_SHADOW_MAX_IN_FLIGHT copies were already in flight, or the
   * shadow thread was too far behind the traffic to start the copy within its timeout.
   */
  dropped: number;
  errors: number;
  timeouts: number;
  inFlight: number;
}

interface Candidate {
  model: ModelBytes;
  featureNames: string[] | undefined;
  remote: boolean;
  version: ModelVersion | null;
}

interface RunningEntry {
  until: number;
  tests: Promise<{ test: ShadowTest; candidate: Promise<Candidate> }[]>;
}

/** How long starting a test waits for the shadow thread to load (ms). */
const WARM_WAIT_MS = 5000;

/** How long the running tests of an alias and a model's log policy are remembered (ms). */
const CACHE_MS = 1000;

/**
 * Logs every prediction and mirrors a sampled copy of those through an alias to the candidate of
 * the shadow test running on it, off the request path: `observe` returns at once, and everything
 * else (hashing the inputs, looking up tests, the candidate's prediction, the log rows) happens
 * after the response has gone. The candidate's errors and hangs end in the log (`error`,
 * `timeout` after ASSAY_SHADOW_TIMEOUT_MS from the copy's submission), never in the caller's
 * answer. The candidates' predictions — local or remote — run in a thread of their own at the
 * lowest CPU priority (ASSAY_SHADOW_THREAD_NICE, {@link ShadowRunner}), never in the compute pool
 * or on the event loop, so that they take only CPU the callers leave. Mirrored work is bounded:
 * at most ASSAY_SHADOW_MAX_IN_FLIGHT copies wait or run at once, and a copy beyond is dropped
 * and counted (the report's `droppedByThisProcess`), never queued: when the thread falls behind
 * the callers' traffic, copies are shed, not the callers' CPU.
 */
@Injectable()
export class ShadowMirror implements OnApplicationShutdown {
  private readonly running = new Map<string, RunningEntry>();
  private readonly policies = new Map<string, { until: number; logInputs: Promise<boolean> }>();
  private readonly sent = new Map<string, number>();
  private readonly droppedByTest = new Map<string, number>();
  private readonly counts = { mirrored: 0, dropped: 0, errors: 0, timeouts: 0 };
  private inFlight = 0;
  private readonly logger = new Logger('shadow');
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private readonly runner: ShadowRunner;

  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ModelCache) private readonly models: ModelCache<ModelBytes>,
    @Inject(PredictionLogWriter) private readonly writer: PredictionLogWriter,
    @Inject(API_ENV) env: ApiEnv,
  ) {
    this.timeoutMs = env.ASSAY_SHADOW_TIMEOUT_MS;
    this.maxInFlight = env.ASSAY_SHADOW_MAX_IN_FLIGHT;
    this.runner = new ShadowRunner({
      timeoutMs: env.ASSAY_SHADOW_TIMEOUT_MS,
      batchMs: env.ASSAY_SHADOW_BATCH_MS,
      nice: env.ASSAY_SHADOW_THREAD_NICE,
      memoryMb: env.ASSAY_COMPUTE_MEMORY_MB,
      limits: computeLimits(env),
      modelCacheSize: env.ASSAY_MODEL_CACHE_SIZE,
      remoteAllowedHosts: env.ASSAY_REMOTE_ALLOWED_HOSTS,
      remoteMaxResponseBytes: env.ASSAY_REMOTE_MAX_RESPONSE_BYTES,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.close();
  }

  get stats(): ShadowMirrorStats {
    return { ...this.counts, inFlight: this.inFlight };
  }

  /** Sampled copies of a test dropped by this process (saturation). */
  droppedFor(testId: string): number {
    return this.droppedByTest.get(testId) ?? 0;
  }

  /** Logs a served prediction and mirrors it if a shadow test runs; returns at once. */
  observe(served: ServedPrediction): void {
    setImmediate(() => {
      this.record(served).catch((error: unknown) => {
        this.logger.error(`shadow: recording request ${served.requestId} failed: ${String(error)}`);
      });
    });
  }

  /**
   * A test started here on an alias: its cached tests are forgotten, and the shadow thread is
   * started (bounded wait) so that the first copies find it ready instead of being dropped while
   * it loads.
   */
  async started(projectId: string, modelName: string, alias: string): Promise<void> {
    this.forget(projectId, modelName, alias);
    let timer: NodeJS.Timeout | undefined;
    const preloaded = this.runningTests(projectId, modelName, alias).then(async (tests) => {
      for (const { candidate } of tests) {
        this.runner.preload((await candidate).model);
      }
    });
    await Promise.race([
      Promise.all([this.runner.warm(), preloaded.catch(() => undefined)]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, WARM_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Forgets what is cached about an alias (a test started or stopped here). */
  forget(projectId: string, modelName: string, alias: string): void {
    this.running.delete(`${projectId}\n${modelName}\n${alias}`);
  }

  private async record(s: ServedPrediction): Promise<void> {
    const inputSha256 = createHash('sha256').update(JSON.stringify(s.rows)).digest('hex');
    const logInputs = await this.logInputs(s.projectId, s.modelName);
    const base = {
      projectId: s.projectId,
      modelId: s.version.modelId,
      requestId: s.requestId,
      inputSha256,
      ...(logInputs ? { inputs: s.rows } : {}),
    };
    this.writer.push({
      ...base,
      role: 'served',
      versionId: s.version.id,
      version: s.version.number,
      shadowTestId: null,
      at: s.at,
      output: outputOf(s.result),
      outcome: 'ok',
      latencyMs: s.latencyMs,
    });
    if (s.alias === undefined) return;
    for (const { test, candidate } of await this.runningTests(s.projectId, s.modelName, s.alias)) {
      if (!this.sample(test)) continue;
      void this.mirror(test, candidate, s, base);
    }
  }

  /** Whether this request's copy goes to the test's candidate (its end, fraction and bound). */
  private sample(test: ShadowTest): boolean {
    if (test.endsAt !== null && Date.parse(test.endsAt) <= Date.now()) return false;
    const sent = this.sent.get(test.id) ?? 0;
    // The registry completes a count-ended test with the log batch that reaches the count, and
    // the cached list forgets it within a second; this process also stops at the count itself.
    // Several API processes may together mirror up to a second's traffic more.
    if (test.maxRequests !== null && sent >= test.maxRequests) return false;
    if (test.sampleFraction < 1 && Math.random() >= test.sampleFraction) return false;
    if (this.inFlight >= this.maxInFlight) return this.drop(test);
    return true;
  }

  private drop(test: ShadowTest): false {
    this.counts.dropped += 1;
    this.droppedByTest.set(test.id, (this.droppedByTest.get(test.id) ?? 0) + 1);
    return false;
  }

  private mirror(
    test: ShadowTest,
    candidatePromise: Promise<Candidate>,
    s: ServedPrediction,
    base: Pick<
      PredictionLogInput,
      'projectId' | 'modelId' | 'requestId' | 'inputSha256' | 'inputs'
    >,
  ): void {
    this.inFlight += 1;
    this.sent.set(test.id, (this.sent.get(test.id) ?? 0) + 1);
    const at = new Date();
    const log = (
      candidate: Candidate | undefined,
      row: Pick<PredictionLogInput, 'output' | 'outcome' | 'error' | 'latencyMs'>,
    ) => {
      this.inFlight -= 1;
      this.writer.push({
        ...base,
        role: 'shadow',
        versionId: candidate?.version?.id ?? null,
        version: candidate?.version?.number ?? null,
        shadowTestId: test.id,
        at,
        ...row,
      });
    };
    candidatePromise.then(
      (candidate) => {
        this.counts.mirrored += 1;
        const copy = {
          model: candidate.model,
          rows: s.rows,
          featureNames: candidate.featureNames,
          remote: candidate.remote,
        };
        this.runner.submit(copy, (ended) => {
          if (ended.outcome === 'dropped') {
            // Shed by the shadow thread (behind the traffic): counted, never logged as the
            // candidate's timeout.
            this.inFlight -= 1;
            this.counts.mirrored -= 1;
            this.drop(test);
            return;
          }
          if (ended.outcome === 'ok') {
            log(candidate, { output: ended.output, outcome: 'ok', latencyMs: ended.latencyMs });
            return;
          }
          // A remote call that ended at its own timeout is a timeout too.
          const timeout = ended.outcome === 'timeout' || /timed out/i.test(ended.error);
          this.counts[timeout ? 'timeouts' : 'errors'] += 1;
          log(candidate, {
            output: null,
            outcome: timeout ? 'timeout' : 'error',
            error: ended.error,
            latencyMs: ended.latencyMs,
          });
        });
      },
      (error: unknown) => {
        // The candidate could not be prepared (its version vanished, its bytes do not read).
        this.counts.errors += 1;
        log(undefined, { output: null, outcome: 'error', error: String(error), latencyMs: 0 });
      },
    );
  }

  private logInputs(projectId: string, modelName: string): Promise<boolean> {
    const key = `${projectId}\n${modelName}`;
    const hit = this.policies.get(key);
    if (hit && hit.until > Date.now()) return hit.logInputs;
    const logInputs = this.registry.predictionLogs
      .getPolicy(projectId, modelName)
      .then((p) => p?.logInputs ?? false);
    this.policies.set(key, { until: Date.now() + CACHE_MS, logInputs });
    logInputs.catch(() => this.policies.delete(key));
    return logInputs;
  }

  private runningTests(projectId: string, modelName: string, alias: string) {
    const key = `${projectId}\n${modelName}\n${alias}`;
    const hit = this.running.get(key);
    if (hit && hit.until > Date.now()) return hit.tests;
    const tests = this.registry.shadowTests.running(projectId, modelName, alias).then((found) => {
      if (found.length > 0) void this.runner.warm();
      return found.map((test) => {
        const candidate = this.candidateOf(test, projectId, modelName);
        candidate.catch(() => undefined);
        return { test, candidate };
      });
    });
    this.running.set(key, { until: Date.now() + CACHE_MS, tests });
    tests.catch(() => this.running.delete(key));
    return tests;
  }

  private async candidateOf(
    test: ShadowTest,
    projectId: string,
    modelName: string,
  ): Promise<Candidate> {
    if (test.candidate.kind === 'remote') {
      // Each call passes the outbound policy (the remote model's fetch); its own timeout is
      // bounded by the shadow timeout, so that a hanging endpoint frees its slot.
      const own = test.candidate.remote.timeoutMs;
      const timeoutMs = Math.min(typeof own === 'number' ? own : this.timeoutMs, this.timeoutMs);
      return {
        model: {
          key: `shadow:${test.id}`,
          format: 'remote',
          bytes: new TextEncoder().encode(JSON.stringify({ ...test.candidate.remote, timeoutMs })),
        },
        featureNames: undefined,
        remote: true,
        version: null,
      };
    }
    const version = await this.registry.versions.get(projectId, modelName, test.candidate.version);
    if (version === null) throw new Error(`version ${test.candidate.version} no longer exists`);
    return {
      model: await versionModelBytes(this.registry, this.models, version),
      featureNames: version.inputSignature?.features.map((f) => f.name),
      remote: version.format === 'remote',
      version,
    };
  }
}
