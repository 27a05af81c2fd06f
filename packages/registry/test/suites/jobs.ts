import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, sha256, unique } from '../helpers.js';

const LEASE = 60_000;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Jobs: claims, leases, attempts, outcomes and cancellation, on every backend. */
export function jobSuite(fixture: () => BackendFixture): void {
  const setUp = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('job-proj') });
    return { f, project };
  };
  /** Makes a running job's worker look dead: its lease ends in the past. */
  const expireLease = (f: BackendFixture, id: string) =>
    f.query(`UPDATE jobs SET lease_until = now() - interval '1 second' WHERE id = $1::uuid`, id);
  const auditOf = (f: BackendFixture, id: string) =>
    f.query<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_logs WHERE entity = 'job' AND entity_id = $1 ORDER BY id`,
      id,
    );

  describe('jobs', () => {
    // Claims without a job id take the oldest claimable job of the whole database, which every
    // test of the suite shares: close what earlier tests left open.
    beforeEach(async () => {
      await fixture().query(
        `UPDATE jobs SET status = 'cancelled', finished_at = now(), lease_until = NULL
          WHERE status IN ('queued', 'running')`,
      );
    });

    it('jobs.create queues a job; get, getById and list (newest first, filtered) find it', async () => {
      const { f, project } = await setUp();
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: { modelName: 'churn', version: 2, datasetId: UNKNOWN_ID, bootstrap: { n: 200 } },
        createdBy: 'alice',
      });
      expect(job).toEqual({
        id: expect.any(String),
        projectId: project.id,
        kind: 'evaluation',
        status: 'queued',
        input: { modelName: 'churn', version: 2, datasetId: UNKNOWN_ID, bootstrap: { n: 200 } },
        progress: { fraction: 0, message: null },
        result: null,
        error: null,
        evaluationId: null,
        attempts: 0,
        maxAttempts: 3,
        cancelRequested: false,
        workerId: null,
        createdBy: 'alice',
        createdAt: expect.any(String),
        startedAt: null,
        finishedAt: null,
        updatedAt: expect.any(String),
      } satisfies Job);
      expect(await f.registry.jobs.get(project.id, job.id)).toEqual(job);
      expect(await f.registry.jobs.getById(job.id)).toEqual(job);
      const other = await f.registry.projects.create({ name: unique('job-other') });
      expect(await f.registry.jobs.get(other.id, job.id)).toBeNull();
      expect(await f.registry.jobs.get(project.id, UNKNOWN_ID)).toBeNull();
      expect(await f.registry.jobs.get(project.id, 'not-a-uuid')).toBeNull();
      expect(await f.registry.jobs.getById('not-a-uuid')).toBeNull();

      const explanation = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'explanation',
        input: {},
        maxAttempts: 1,
      });
      const third = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      const first = await f.registry.jobs.list(project.id, {}, { limit: 2 });
      expect(first.items.map((j) => j.id)).toEqual([third.id, explanation.id]);
      const second = await f.registry.jobs.list(
        project.id,
        {},
        { limit: 2, cursor: first.nextCursor ?? undefined },
      );
      expect(second).toEqual({ items: [job], nextCursor: null });
      expect(
        (await f.registry.jobs.list(project.id, { kind: 'explanation' })).items.map((j) => j.id),
      ).toEqual([explanation.id]);
      await f.registry.jobs.cancel(project.id, third.id);
      expect(
        (await f.registry.jobs.list(project.id, { status: 'cancelled' })).items.map((j) => j.id),
      ).toEqual([third.id]);
      expect((await f.registry.jobs.list(other.id)).items).toEqual([]);
      expect(await auditOf(f, job.id)).toEqual([{ actor: 'alice', action: 'job.create' }]);
    });

    it('jobs.create rejects an unknown project, an unknown kind, bad maxAttempts and non-object input', async () => {
      const { f, project } = await setUp();
      await expectRegistryError(
        f.registry.jobs.create({ projectId: UNKNOWN_ID, kind: 'evaluation', input: {} }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.jobs.create({
          projectId: project.id,
          kind: 'not-a-kind' as 'evaluation',
          input: {},
        }),
        'invalid',
      );
      for (const maxAttempts of [0, 11, 1.5]) {
        await expectRegistryError(
          f.registry.jobs.create({
            projectId: project.id,
            kind: 'evaluation',
            input: {},
            maxAttempts,
          }),
          'invalid',
        );
      }
      await expectRegistryError(
        f.registry.jobs.create({
          projectId: project.id,
          kind: 'evaluation',
          input: [1, 2] as unknown as Record<string, unknown>,
        }),
        'invalid',
      );
      await expectRegistryError(f.registry.jobs.list(UNKNOWN_ID), 'not_found');
      await expectRegistryError(
        f.registry.jobs.list(project.id, { status: 'done' as 'queued' }),
        'invalid',
      );
    });

    it('jobs.claim takes the oldest queued job of the requested kinds, then nothing', async () => {
      const { f, project } = await setUp();
      expect(await f.registry.jobs.claim('w1', { leaseMs: LEASE })).toBeNull();
      const a = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: { n: 1 },
      });
      const b = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'explanation',
        input: { n: 2 },
      });
      const c = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: { n: 3 },
      });

      const explained = await f.registry.jobs.claim('w1', {
        leaseMs: LEASE,
        kinds: ['explanation'],
      });
      expect(explained?.job.id).toBe(b.id);
      const claimed = await f.registry.jobs.claim('w2', { leaseMs: LEASE });
      expect(claimed).toEqual({
        attempt: 1,
        job: {
          ...a,
          status: 'running',
          attempts: 1,
          workerId: 'w2',
          startedAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      });
      expect(await f.registry.jobs.get(project.id, a.id)).toEqual(claimed?.job);
      const [lease] = await f.query<{ ahead: boolean }>(
        `SELECT lease_until > now() + interval '30 seconds' AS ahead FROM jobs WHERE id = $1::uuid`,
        a.id,
      );
      expect(lease).toEqual({ ahead: true });
      expect(
        (
          await f.registry.jobs.claim('w3', {
            leaseMs: LEASE,
            kinds: ['evaluation', 'explanation'],
          })
        )?.job.id,
      ).toBe(c.id);
      expect(await f.registry.jobs.claim('w4', { leaseMs: LEASE })).toBeNull();
      expect(await auditOf(f, a.id)).toEqual([
        { actor: 'system', action: 'job.create' },
        { actor: 'w2', action: 'job.claim' },
      ]);
      await expectRegistryError(f.registry.jobs.claim('', { leaseMs: LEASE }), 'invalid');
      await expectRegistryError(f.registry.jobs.claim('w', { leaseMs: 0 }), 'invalid');
      await expectRegistryError(
        f.registry.jobs.claim('w', { leaseMs: LEASE, kinds: [] }),
        'invalid',
      );
    });

    it('jobs.claim: 10 concurrent claimers of 5 jobs claim each job exactly once', async () => {
      const { f, project } = await setUp();
      const jobs = [];
      for (let i = 0; i < 5; i += 1) {
        jobs.push(
          await f.registry.jobs.create({ projectId: project.id, kind: 'evaluation', input: { i } }),
        );
      }
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          f.registry.jobs.claim(`worker-${i}`, { leaseMs: LEASE }),
        ),
      );
      const won = claims.filter((claim) => claim !== null);
      expect(won).toHaveLength(5);
      expect(new Set(won.map((claim) => claim.job.id))).toEqual(new Set(jobs.map((job) => job.id)));
      expect(won.every((claim) => claim.attempt === 1)).toBe(true);
      const rows = await f.query<{ attempts: number; claims: number }>(
        `SELECT j.attempts, (SELECT count(*)::int FROM audit_logs a
                              WHERE a.entity_id = j.id::text AND a.action = 'job.claim') AS claims
           FROM jobs j WHERE j.project_id = $1::uuid`,
        project.id,
      );
      expect(rows).toEqual(Array.from({ length: 5 }, () => ({ attempts: 1, claims: 1 })));
    });

    it('an expired lease lets another worker claim attempt 2; attempt 1 then owns nothing', async () => {
      const { f, project } = await setUp();
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      const first = await f.registry.jobs.claim('w1', { leaseMs: LEASE });
      expect(first?.attempt).toBe(1);
      // A live lease protects the job.
      expect(await f.registry.jobs.claim('w2', { leaseMs: LEASE })).toBeNull();
      expect(
        await f.registry.jobs.heartbeat(job.id, 1, {
          leaseMs: LEASE,
          progress: { fraction: 0.25, message: 'predicting' },
        }),
      ).toEqual({ cancelRequested: false });
      await expireLease(f, job.id);
      const second = await f.registry.jobs.claim('w2', { leaseMs: LEASE });
      expect(second).toMatchObject({
        attempt: 2,
        job: { id: job.id, attempts: 2, workerId: 'w2' },
      });
      expect(second?.job.startedAt).toBe(first?.job.startedAt);
      expect(second?.job.progress).toEqual({ fraction: 0.25, message: 'predicting' });

      expect(await f.registry.jobs.heartbeat(job.id, 1, { leaseMs: LEASE })).toBeNull();
      await expectRegistryError(
        f.registry.jobs.complete(job.id, 1, { result: { stale: true } }),
        'conflict',
      );
      await expectRegistryError(
        f.registry.jobs.fail(job.id, 1, { title: 'x', detail: '' }),
        'conflict',
      );
      expect(await f.registry.jobs.heartbeat(job.id, 2, { leaseMs: LEASE })).toEqual({
        cancelRequested: false,
      });
      const done = await f.registry.jobs.complete(job.id, 2, { result: { accuracy: 0.9 } });
      expect(done).toMatchObject({
        status: 'succeeded',
        result: { accuracy: 0.9 },
        progress: { fraction: 1, message: 'predicting' },
        attempts: 2,
        evaluationId: null,
      });
      expect(done.finishedAt).not.toBeNull();
      expect(await f.registry.jobs.heartbeat(job.id, 2, { leaseMs: LEASE })).toBeNull();
      const again = await expectRegistryError(
        f.registry.jobs.complete(job.id, 2, { result: { accuracy: 0.1 } }),
        'conflict',
      );
      expect(again.message).toContain('succeeded');
      expect((await f.registry.jobs.get(project.id, job.id))?.result).toEqual({ accuracy: 0.9 });
      expect((await auditOf(f, job.id)).map((row) => row.action)).toEqual([
        'job.create',
        'job.claim',
        'job.claim',
        'job.complete',
      ]);
    });

    it('jobs.create with an idempotency key: a retry gets the first job, another request a conflict', async () => {
      const { f, project } = await setUp();
      const request = {
        projectId: project.id,
        kind: 'evaluation' as const,
        input: { model: 'm', metrics: [{ name: 'r2' }], datasetId: UNKNOWN_ID },
        idempotencyKey: 'nb-cell-7',
      };
      const first = await f.registry.jobs.create(request);
      // the same request, its keys in another order
      const retry = await f.registry.jobs.create({
        ...request,
        input: { datasetId: UNKNOWN_ID, metrics: [{ name: 'r2' }], model: 'm' },
      });
      expect(retry.id).toBe(first.id);
      await expectRegistryError(
        f.registry.jobs.create({ ...request, input: { model: 'other' } }),
        'conflict',
      );
      // concurrent retries: one job
      const key = unique('race');
      const jobs = await Promise.all(
        Array.from({ length: 5 }, () =>
          f.registry.jobs.create({ ...request, idempotencyKey: key }),
        ),
      );
      expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
      // a caller's own fingerprint of the request, and the lookup by key
      const keyed = await f.registry.jobs.create({
        ...request,
        idempotencyKey: 'with-fingerprint',
        requestSha256: sha256(bytesOf('request body')),
      });
      expect(
        (
          await f.registry.jobs.findByIdempotencyKey(
            project.id,
            'with-fingerprint',
            sha256(bytesOf('request body')),
          )
        )?.id,
      ).toBe(keyed.id);
      expect(
        await f.registry.jobs.findByIdempotencyKey(project.id, 'unused', sha256(bytesOf('x'))),
      ).toBeNull();
      await expectRegistryError(
        f.registry.jobs.findByIdempotencyKey(project.id, 'with-fingerprint', sha256(bytesOf('y'))),
        'conflict',
      );
      // keys are per project
      const other = await f.registry.projects.create({ name: unique('job-proj') });
      const elsewhere = await f.registry.jobs.create({ ...request, projectId: other.id });
      expect(elsewhere.id).not.toBe(first.id);
    });

    it('jobs.countByStatus counts every state across projects', async () => {
      const { f, project } = await setUp();
      const before = await f.registry.jobs.countByStatus();
      expect(Object.keys(before).sort()).toEqual(
        ['cancelled', 'failed', 'queued', 'running', 'succeeded'].sort(),
      );
      await f.registry.jobs.create({ projectId: project.id, kind: 'evaluation', input: {} });
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      await f.registry.jobs.claim('w', { leaseMs: LEASE, jobId: job.id });
      const after = await f.registry.jobs.countByStatus();
      expect(after.queued).toBe(before.queued + 1);
      expect(after.running).toBe(before.running + 1);
    });

    it('jobs.listStranded finds jobs queued too long and running on expired leases, nothing else', async () => {
      const { f, project } = await setUp();
      const make = () =>
        f.registry.jobs.create({ projectId: project.id, kind: 'evaluation', input: {} });
      const old = await make();
      const fresh = await make();
      const live = await make();
      const dead = await make();
      await f.query(
        `UPDATE jobs SET created_at = now() - interval '10 minutes' WHERE id = ANY ($1::uuid[])`,
        [old.id, live.id, dead.id],
      );
      expect((await f.registry.jobs.claim('w1', { leaseMs: LEASE, jobId: live.id }))?.attempt).toBe(
        1,
      );
      expect((await f.registry.jobs.claim('w1', { leaseMs: LEASE, jobId: dead.id }))?.attempt).toBe(
        1,
      );
      await expireLease(f, dead.id);
      const stranded = await f.registry.jobs.listStranded({ queuedForMs: 60_000 });
      expect(stranded.map((j) => j.id).sort()).toEqual([old.id, dead.id].sort());
      expect(stranded.every((j) => j.kind === 'evaluation')).toBe(true);
      const everyQueued = await f.registry.jobs.listStranded({ queuedForMs: 0, limit: 10 });
      expect(everyQueued.map((j) => j.id)).toContain(fresh.id);
      await expectRegistryError(f.registry.jobs.listStranded({ queuedForMs: -1 }), 'invalid');
    });

    it('jobs.heartbeat records progress, validates it, and answers null for unknown jobs', async () => {
      const { f, project } = await setUp();
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'explanation',
        input: {},
      });
      expect(await f.registry.jobs.heartbeat(job.id, 1, { leaseMs: LEASE })).toBeNull(); // queued
      await f.registry.jobs.claim('w', { leaseMs: 1_000 });
      const before = await f.query<{ lease: Date }>(
        `SELECT lease_until AS lease FROM jobs WHERE id = $1::uuid`,
        job.id,
      );
      await f.registry.jobs.heartbeat(job.id, 1, { leaseMs: LEASE, progress: { fraction: 0.5 } });
      const after = await f.query<{ lease: Date }>(
        `SELECT lease_until AS lease FROM jobs WHERE id = $1::uuid`,
        job.id,
      );
      expect(new Date(after[0]?.lease as Date).getTime()).toBeGreaterThan(
        new Date(before[0]?.lease as Date).getTime(),
      );
      expect((await f.registry.jobs.getById(job.id))?.progress).toEqual({
        fraction: 0.5,
        message: null,
      });
      await expectRegistryError(
        f.registry.jobs.heartbeat(job.id, 1, { leaseMs: LEASE, progress: { fraction: 1.5 } }),
        'invalid',
      );
      await expectRegistryError(
        f.registry.jobs.heartbeat(job.id, 0, { leaseMs: LEASE }),
        'invalid',
      );
      expect(await f.registry.jobs.heartbeat(UNKNOWN_ID, 1, { leaseMs: LEASE })).toBeNull();
      expect(await f.registry.jobs.heartbeat('nope', 1, { leaseMs: LEASE })).toBeNull();
    });

    it('two attempts racing to complete store exactly one result', async () => {
      const { f, project } = await setUp();
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      await f.registry.jobs.claim('w1', { leaseMs: LEASE });
      await expireLease(f, job.id);
      await f.registry.jobs.claim('w2', { leaseMs: LEASE });
      const outcomes = await Promise.allSettled([
        f.registry.jobs.complete(job.id, 1, { result: { by: 1 } }),
        f.registry.jobs.complete(job.id, 2, { result: { by: 2 } }),
        f.registry.jobs.complete(job.id, 2, { result: { by: 2 } }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected')
          expect(outcome.reason).toMatchObject({ code: 'conflict' });
      }
      expect((await f.registry.jobs.getById(job.id))?.result).toEqual({ by: 2 });
      expect(
        (await auditOf(f, job.id)).filter((row) => row.action === 'job.complete'),
      ).toHaveLength(1);
    });

    it('a job that used maxAttempts is failed, not claimed, and the search goes on', async () => {
      const { f, project } = await setUp();
      const doomed = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
        maxAttempts: 2,
      });
      for (const attempt of [1, 2]) {
        const claim = await f.registry.jobs.claim(`w${attempt}`, { leaseMs: LEASE });
        expect(claim).toMatchObject({ attempt, job: { id: doomed.id } });
        await expireLease(f, doomed.id);
      }
      const fresh = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      const claim = await f.registry.jobs.claim('w3', { leaseMs: LEASE });
      expect(claim?.job.id).toBe(fresh.id);
      expect(await f.registry.jobs.get(project.id, doomed.id)).toMatchObject({
        status: 'failed',
        attempts: 2,
        workerId: 'w2',
        error: {
          title: expect.any(String),
          detail: 'gave up after 2 attempts: the worker stopped each time',
        },
        finishedAt: expect.any(String),
      });
      expect((await auditOf(f, doomed.id)).at(-1)).toEqual({
        actor: 'system',
        action: 'job.give_up',
      });
      expect(await f.registry.jobs.heartbeat(doomed.id, 2, { leaseMs: LEASE })).toBeNull();
    });

    it('jobs.claim with jobId takes over a running job whatever its lease (the queue saw it stall)', async () => {
      const { f, project } = await setUp();
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
        maxAttempts: 2,
      });
      const other = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      expect(
        await f.registry.jobs.claim('w1', {
          leaseMs: LEASE,
          jobId: job.id,
          kinds: ['explanation'],
        }),
      ).toBeNull();
      expect((await f.registry.jobs.claim('w1', { leaseMs: LEASE, jobId: job.id }))?.attempt).toBe(
        1,
      );
      const takeover = await f.registry.jobs.claim('w2', { leaseMs: LEASE, jobId: job.id });
      expect(takeover).toMatchObject({ attempt: 2, job: { id: job.id, workerId: 'w2' } });
      expect(await f.registry.jobs.heartbeat(job.id, 1, { leaseMs: LEASE })).toBeNull();
      // Out of attempts: closed, not returned, and no other job is taken instead.
      expect(await f.registry.jobs.claim('w3', { leaseMs: LEASE, jobId: job.id })).toBeNull();
      expect((await f.registry.jobs.getById(job.id))?.status).toBe('failed');
      expect((await f.registry.jobs.getById(other.id))?.status).toBe('queued');
      expect(await f.registry.jobs.claim('w3', { leaseMs: LEASE, jobId: job.id })).toBeNull();
      expect(await f.registry.jobs.claim('w3', { leaseMs: LEASE, jobId: UNKNOWN_ID })).toBeNull();
      await expectRegistryError(
        f.registry.jobs.claim('w3', { leaseMs: LEASE, jobId: 'x' }),
        'invalid',
      );
    });

    it('jobs.cancel: queued at once, running at the next heartbeat, ended never', async () => {
      const { f, project } = await setUp();
      const queued = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      const cancelled = await f.registry.jobs.cancel(project.id, queued.id, 'alice');
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelRequested: false, attempts: 0 });
      expect(cancelled.finishedAt).not.toBeNull();
      expect(await f.registry.jobs.claim('w', { leaseMs: LEASE })).toBeNull();
      const error = await expectRegistryError(
        f.registry.jobs.cancel(project.id, queued.id),
        'conflict',
      );
      expect(error.message).toContain('has already been cancelled');

      const running = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      await f.registry.jobs.claim('w', { leaseMs: LEASE });
      await expectRegistryError(f.registry.jobs.markCancelled(running.id, 1), 'conflict');
      const flagged = await f.registry.jobs.cancel(project.id, running.id, 'bob');
      expect(flagged).toMatchObject({ status: 'running', cancelRequested: true });
      expect(await f.registry.jobs.cancel(project.id, running.id, 'bob')).toEqual(flagged);
      expect(await f.registry.jobs.heartbeat(running.id, 1, { leaseMs: LEASE })).toEqual({
        cancelRequested: true,
      });
      const stopped = await f.registry.jobs.markCancelled(running.id, 1);
      expect(stopped).toMatchObject({ status: 'cancelled', cancelRequested: true });
      expect(await f.registry.jobs.heartbeat(running.id, 1, { leaseMs: LEASE })).toBeNull();
      expect(await auditOf(f, running.id)).toEqual([
        { actor: 'system', action: 'job.create' },
        { actor: 'w', action: 'job.claim' },
        { actor: 'bob', action: 'job.cancel_request' },
        { actor: 'w', action: 'job.cancelled' },
      ]);

      const succeeded = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      await f.registry.jobs.claim('w', { leaseMs: LEASE });
      await f.registry.jobs.complete(succeeded.id, 1, { result: {} });
      const late = await expectRegistryError(
        f.registry.jobs.cancel(project.id, succeeded.id),
        'conflict',
      );
      expect(late.message).toContain('has already succeeded');

      const other = await f.registry.projects.create({ name: unique('job-other') });
      await expectRegistryError(f.registry.jobs.cancel(other.id, succeeded.id), 'not_found');
      await expectRegistryError(f.registry.jobs.cancel(project.id, UNKNOWN_ID), 'not_found');
      await expectRegistryError(f.registry.jobs.cancel(project.id, 'nope'), 'not_found');
    });

    it('a running job whose cancellation was requested and whose worker died is cancelled by the next claim', async () => {
      const { f, project } = await setUp();
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: {},
      });
      await f.registry.jobs.claim('w1', { leaseMs: LEASE });
      await f.registry.jobs.cancel(project.id, job.id);
      await expireLease(f, job.id);
      expect(await f.registry.jobs.claim('w2', { leaseMs: LEASE })).toBeNull();
      expect(await f.registry.jobs.getById(job.id)).toMatchObject({
        status: 'cancelled',
        attempts: 1,
        workerId: 'w1',
      });
    });

    it('jobs.fail records the error of the owning attempt', async () => {
      const { f, project } = await setUp();
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'explanation',
        input: {},
      });
      await f.registry.jobs.claim('w', { leaseMs: LEASE });
      await expectRegistryError(
        f.registry.jobs.fail(job.id, 1, { title: '', detail: 'x' }),
        'invalid',
      );
      const failed = await f.registry.jobs.fail(job.id, 1, {
        title: 'Model failed to load',
        detail: 'unsupported ONNX opset 21',
      });
      expect(failed).toMatchObject({
        status: 'failed',
        error: { title: 'Model failed to load', detail: 'unsupported ONNX opset 21' },
        result: null,
      });
      await expectRegistryError(
        f.registry.jobs.fail(job.id, 1, { title: 't', detail: 'd' }),
        'conflict',
      );
      await expectRegistryError(
        f.registry.jobs.fail(UNKNOWN_ID, 1, { title: 't', detail: 'd' }),
        'not_found',
      );
      await expectRegistryError(f.registry.jobs.complete('nope', 1, { result: {} }), 'not_found');
    });

    it('jobs.complete with an evaluation stores it exactly once, in the same transaction', async () => {
      const { f, project } = await setUp();
      await f.registry.models.register({ projectId: project.id, name: 'churn' });
      await f.registry.versions.create({
        projectId: project.id,
        modelName: 'churn',
        format: 'json',
        artifact: bytesOf('{"w":[1]}'),
      });
      const csv = bytesOf('x,y\n1,0\n2,1\n');
      const dataset = await f.registry.datasets.create({
        projectId: project.id,
        format: 'csv',
        artifact: csv,
        rows: 2,
        columns: ['x', 'y'],
      });
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'evaluation',
        input: { modelName: 'churn', version: 1, datasetId: dataset.id },
      });
      await f.registry.jobs.claim('w1', { leaseMs: LEASE });
      await expireLease(f, job.id);
      await f.registry.jobs.claim('w2', { leaseMs: LEASE });
      const evaluation = {
        projectId: project.id,
        modelName: 'churn',
        version: 1,
        dataset: { sha256: sha256(csv), rows: 2, columns: ['x', 'y'] },
        datasetId: dataset.id,
        metrics: [{ name: 'accuracy', value: 0.5 }],
        createdBy: 'alice',
      };
      const countEvaluations = async () =>
        (await f.registry.evaluations.list(project.id)).items.length;

      // Failures inside the transaction store nothing and leave the job running.
      await expectRegistryError(
        f.registry.jobs.complete(job.id, 2, {
          result: {},
          evaluation: { ...evaluation, version: 9 },
        }),
        'not_found',
      );
      const other = await f.registry.projects.create({ name: unique('job-other') });
      await expectRegistryError(
        f.registry.jobs.complete(job.id, 2, {
          result: {},
          evaluation: { ...evaluation, projectId: other.id },
        }),
        'invalid',
      );
      await expectRegistryError(
        f.registry.jobs.complete(job.id, 2, {
          result: {},
          evaluation: { ...evaluation, metrics: [{ name: 'a', value: 'x' as unknown as number }] },
        }),
        'invalid',
      );
      expect(await countEvaluations()).toBe(0);
      expect((await f.registry.jobs.getById(job.id))?.status).toBe('running');

      const outcomes = await Promise.allSettled([
        f.registry.jobs.complete(job.id, 1, { result: { n: 1 }, evaluation }),
        f.registry.jobs.complete(job.id, 2, { result: { n: 2 }, evaluation }),
        f.registry.jobs.complete(job.id, 2, { result: { n: 2 }, evaluation }),
      ]);
      const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(done).toHaveLength(1);
      expect(await countEvaluations()).toBe(1);
      const [stored] = (await f.registry.evaluations.list(project.id)).items;
      expect(done[0]).toMatchObject({
        status: 'succeeded',
        evaluationId: stored?.id,
        result: { n: 2 },
      });
      expect(stored).toMatchObject({ datasetId: dataset.id, version: 1, createdBy: 'alice' });
      const audit = await f.query<{ details: { jobId?: string } }>(
        `SELECT details FROM audit_logs WHERE action = 'evaluation.create' AND entity_id = $1`,
        stored?.id,
      );
      expect(audit).toEqual([{ details: expect.objectContaining({ jobId: job.id }) }]);
    });
  });
}
