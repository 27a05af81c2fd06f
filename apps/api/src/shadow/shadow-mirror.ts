import { createHash } from 'node:crypto';
import type { TFeatureRows } from '@assay/core';
import type { ModelVersion, PredictionLogInput, Registry, ShadowTest } from '@assay/registry';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { API_ENV, type ApiEnv } from '../env.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import type { ComputeResults, ModelBytes } from '../jobs/compute/protocol.js';
import { PredictionLogWriter } from '../prediction-log/prediction-log-writer.js';
import { REGISTRY } from '../registry.token.js';
import { versionModelBytes } from '../versions/load-version-model.js';
import { ModelCache } from '../versions/model-cache.js';

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
  /** Sampled copies dropped: ASSAY_SHADOW_MAX_IN_FLIGHT copies were already in flight. */
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

/** How long the running tests of an alias and a model's log policy are remembered (ms). */
const CACHE_MS = 1000;

/**
 * Logs every prediction and mirrors a sampled copy of those through an alias to the candidate of
 * the shadow test running on it, off the request path: `observe` returns at once, and everything
 * else (hashing the inputs, looking up tests, the candidate's prediction, the log rows) happens
 * after the response has gone. The candidate's errors and hangs end in the log (`error`,
 * `timeout` after ASSAY_SHADOW_TIMEOUT_MS), never in the caller's answer. Mirrored work is bounded:
 * at most ASSAY_SHADOW_MAX_IN_FLIGHT copies run or wait at once (a copy beyond is dropped and
 * counted, never queued), and a local candidate's task is `background` work for the compute pool:
 * callers' requests queued after it still go first, and it takes no place in their queue. The
 * timeout counts from the copy's submission, so a copy that waited for a thread too long is a
 * timeout too.
 */
@Injectable()
export class ShadowMirror {
  private readonly running = new Map<string, RunningEntry>();
  private readonly policies = new Map<string, { until: number; logInputs: Promise<boolean> }>();
  private readonly sent = new Map<string, number>();
  private readonly droppedByTest = new Map<string, number>();
  private readonly counts = { mirrored: 0, dropped: 0, errors: 0, timeouts: 0 };
  private inFlight = 0;
  private readonly logger = new Logger('shadow');
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;

  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ModelCache) private readonly models: ModelCache<ModelBytes>,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
    @Inject(PredictionLogWriter) private readonly writer: PredictionLogWriter,
    @Inject(API_ENV) env: ApiEnv,
  ) {
    this.timeoutMs = env.ASSAY_SHADOW_TIMEOUT_MS;
    this.maxInFlight = env.ASSAY_SHADOW_MAX_IN_FLIGHT;
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

  private async mirror(
    test: ShadowTest,
    candidatePromise: Promise<Candidate>,
    s: ServedPrediction,
    base: Pick<
      PredictionLogInput,
      'projectId' | 'modelId' | 'requestId' | 'inputSha256' | 'inputs'
    >,
  ): Promise<void> {
    this.inFlight += 1;
    this.sent.set(test.id, (this.sent.get(test.id) ?? 0) + 1);
    const at = new Date();
    const started = performance.now();
    let release = true;
    const log = (row: Pick<PredictionLogInput, 'output' | 'outcome' | 'error'>) =>
      this.writer.push({
        ...base,
        role: 'shadow',
        versionId: candidate?.version?.id ?? null,
        version: candidate?.version?.number ?? null,
        shadowTestId: test.id,
        at,
        latencyMs: performance.now() - started,
        ...row,
      });
    let candidate: Candidate | undefined;
    try {
      candidate = await candidatePromise;
      this.counts.mirrored += 1;
      const abort = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      });
      const run = this.compute
        .run(
          {
            kind: 'predict',
            model: candidate.model,
            rows: s.rows,
            featureNames: candidate.featureNames,
          },
          { signal: abort.signal, inline: candidate.remote, background: true },
        )
        .then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        );
      const first = await Promise.race([run, timedOut]);
      clearTimeout(timer);
      if (first === 'timeout') {
        // A local task's thread is ended; a remote call ends at its own timeout (at most ours).
        abort.abort(new Error('shadow candidate timed out'));
        release = false;
        void run.finally(() => {
          this.inFlight -= 1;
        });
        this.counts.timeouts += 1;
        log({
          output: null,
          outcome: 'timeout',
          error: `no answer within ${this.timeoutMs} ms`,
        });
      } else if ('error' in first) {
        const message = first.error instanceof Error ? first.error.message : String(first.error);
        const timeout = /timed out/i.test(message);
        this.counts[timeout ? 'timeouts' : 'errors'] += 1;
        log({ output: null, outcome: timeout ? 'timeout' : 'error', error: message });
      } else {
        log({ output: outputOf(first.result), outcome: 'ok' });
      }
    } catch (error) {
      // The candidate could not be prepared (its version vanished, its bytes do not read).
      this.counts.errors += 1;
      log({ output: null, outcome: 'error', error: String(error) });
    } finally {
      if (release) this.inFlight -= 1;
    }
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
    const tests = this.registry.shadowTests.running(projectId, modelName, alias).then((found) =>
      found.map((test) => {
        const candidate = this.candidateOf(test, projectId, modelName);
        candidate.catch(() => undefined);
        return { test, candidate };
      }),
    );
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

/** What the log keeps of a prediction: the outputs, and a classifier's classes and decisions. */
export function outputOf(result: ComputeResults['predict']): Record<string, unknown> {
  const { features: _features, ...output } = result;
  return output as Record<string, unknown>;
}
