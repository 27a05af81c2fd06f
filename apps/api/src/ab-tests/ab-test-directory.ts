import { createAssigner } from '@assay/core/abtest';
import type { AbAssignment, AbTest, Project, Registry } from '@assay/registry';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { REGISTRY } from '../registry.token.js';

/** How long a test's configuration is reused before it is read again (a ramp-up elsewhere). */
export const AB_TEST_CACHE_MS = 1000;

/** A test as the serving path needs it: its project, its versions now, its hash. */
export interface ServedAbTest {
  project: Project;
  test: AbTest;
  /** The version each variant serves now (an alias resolved; null when the alias is unset). */
  versions: (number | null)[];
  /** The variant of a unit under the current weights and coverage (-1: the holdout). */
  assign: (unitId: string) => number;
}

/** One unit's answer: its variant (stored, hashed, or the decision) and what serves it. */
export interface UnitAssignment {
  unitId: string;
  variant: number;
  name: string | null;
  version: number | null;
  first: boolean;
}

/**
 * The A/B tests the serving path reads (assignment, predict with a unit), each cached for a second
 * with its project, its variants' versions and its compiled assigner, so that an assignment costs
 * one statement. A change made through this process (ramp-up, stop) drops the entry at once;
 * another process sees it within `AB_TEST_CACHE_MS` (units already exposed keep their stored
 * variant either way).
 */
/** Requests with more units than this are recorded alone (they are a batch already). */
const COALESCE_MAX_UNITS = 1000;
/** Statements in flight per test; requests arriving meanwhile wait and go together. */
const MAX_IN_FLIGHT = 4;

interface PendingBatch {
  units: { unitId: string; variant: number }[];
  waiters: {
    from: number;
    to: number;
    resolve: (rows: AbAssignment[]) => void;
    reject: (error: unknown) => void;
  }[];
}

@Injectable()
export class AbTestDirectory {
  private readonly entries = new Map<string, { at: number; served: Promise<ServedAbTest> }>();
  private readonly queues = new Map<string, { pending: PendingBatch[]; inFlight: number }>();

  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  /** The test `id` of the project named in the route, if the caller's key belongs to it. */
  async resolve(who: Principal, projectName: string, id: string): Promise<ServedAbTest> {
    const key = `${projectName}/${id}`;
    const now = Date.now();
    let entry = this.entries.get(key);
    if (entry === undefined || now - entry.at > AB_TEST_CACHE_MS) {
      entry = { at: now, served: this.load(projectName, id) };
      this.entries.set(key, entry);
      entry.served.catch(() => this.entries.delete(key));
      if (this.entries.size > 10_000) this.entries.clear();
    }
    const served = await entry.served;
    if (served.project.id !== who.apiKey.projectId) throw notFound(`Project '${projectName}'`);
    return served;
  }

  /** Forgets a test (after a change through this process). */
  invalidate(id: string): void {
    for (const key of this.entries.keys()) if (key.endsWith(`/${id}`)) this.entries.delete(key);
  }

  private async load(projectName: string, id: string): Promise<ServedAbTest> {
    const project = await this.registry.projects.getByName(projectName);
    if (!project) throw notFound(`Project '${projectName}'`);
    const test = await this.registry.abTests.get(project.id, id);
    if (!test) throw notFound(`A/B test '${id}'`);
    const versions = await Promise.all(
      test.variants.map(async (v) => {
        if (v.version !== null) return v.version;
        const alias = await this.registry.aliases.get(
          project.id,
          test.modelName,
          v.alias as string,
        );
        return alias?.version ?? null;
      }),
    );
    const assigner = createAssigner({
      salt: test.salt,
      weights: test.variants.map((v) => v.weight),
      coverage: test.coverage,
    });
    return { project, test, versions, assign: (unitId) => assigner(unitId).variant };
  }

  /**
   * The units' variants: a running test's stored or hashed variant (first exposures recorded
   * once), a stopped test's decision for everyone (the winner, else the control; nothing
   * recorded). A draft is a 409.
   */
  async assignUnits(served: ServedAbTest, unitIds: readonly string[]): Promise<UnitAssignment[]> {
    const { test, versions } = served;
    const answer = (unitId: string, variant: number, first: boolean): UnitAssignment => {
      const serving = Math.max(variant, 0);
      return {
        unitId,
        variant,
        name: variant < 0 ? null : (test.variants[variant]?.name ?? null),
        version: versions[serving] ?? null,
        first,
      };
    };
    if (test.status === 'draft') {
      throw new ProblemError(
        problem(
          409,
          'conflict',
          `A/B test ${test.id} is a draft: start it (PATCH with status: running) before assigning units`,
        ),
      );
    }
    if (test.status === 'stopped') {
      const winner = test.decision?.winner ?? 0;
      const version = test.decision?.version ?? versions[winner] ?? null;
      return unitIds.map((u) => ({ ...answer(u, winner, false), version }));
    }
    const proposed = unitIds.map((unitId) => ({ unitId, variant: served.assign(unitId) }));
    const stored = await this.record(test.id, proposed);
    return stored.map((a) => answer(a.unitId, a.variant, a.first));
  }

  /**
   * Records first exposures, coalescing concurrent small requests of one test into one statement
   * (group commit): each statement is a commit, and one per request capped the route at a few
   * hundred requests per second (bench/abtest-api.bench.mjs). A unit repeated across coalesced
   * requests is first for the earliest only, as if they had run one after the other.
   */
  private record(
    testId: string,
    proposed: { unitId: string; variant: number }[],
  ): Promise<AbAssignment[]> {
    if (proposed.length > COALESCE_MAX_UNITS) return this.registry.abTests.assign(testId, proposed);
    let queue = this.queues.get(testId);
    if (queue === undefined) {
      queue = { pending: [], inFlight: 0 };
      this.queues.set(testId, queue);
    }
    const q = queue;
    return new Promise((resolve, reject) => {
      let batch = q.pending.at(-1);
      if (batch === undefined || batch.units.length + proposed.length > COALESCE_MAX_UNITS * 10) {
        batch = { units: [], waiters: [] };
        q.pending.push(batch);
      }
      const from = batch.units.length;
      batch.units.push(...proposed);
      batch.waiters.push({ from, to: batch.units.length, resolve, reject });
      this.drain(testId, q);
    });
  }

  private drain(testId: string, q: { pending: PendingBatch[]; inFlight: number }): void {
    while (q.inFlight < MAX_IN_FLIGHT && q.pending.length > 0) {
      const batch = q.pending.shift() as PendingBatch;
      q.inFlight += 1;
      this.registry.abTests
        .assign(testId, batch.units)
        .then(
          (rows) => {
            for (const w of batch.waiters) w.resolve(rows.slice(w.from, w.to));
          },
          (error: unknown) => {
            for (const w of batch.waiters) w.reject(error);
          },
        )
        .finally(() => {
          q.inFlight -= 1;
          if (q.inFlight === 0 && q.pending.length === 0) this.queues.delete(testId);
          else this.drain(testId, q);
        });
    }
  }
}
