import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type ProblemBody, readJson, startHarness } from './harness.js';

/**
 * Event streams of jobs: bounded per key and per job (429 with Retry-After), and every stream of
 * a job shares one database read (400 streams used to poll 400 times every 250 ms).
 */
describe('server-sent event streams', () => {
  let h: Harness;
  let jobId: string;
  let keys: string[];
  beforeAll(async () => {
    // Jobs created below are never handed to the queue, and it never looks for them: they stay
    // queued for as long as the test needs.
    h = await startHarness({
      ASSAY_SSE_MAX_PER_KEY: '2',
      ASSAY_SSE_MAX_PER_JOB: '3',
      ASSAY_JOB_POLL_MS: '3600000',
      ASSAY_RATE_LIMIT_RPS: '0',
    });
    const project = await h.registry.projects.getByName('default');
    const projectId = project?.id as string;
    jobId = (await h.registry.jobs.create({ projectId, kind: 'evaluation', input: {} })).id;
    keys = [];
    for (let i = 0; i < 3; i++)
      keys.push((await h.registry.apiKeys.create({ projectId, role: 'editor' })).key);
  });
  afterAll(() => h?.close());

  const open = async (key: string) => {
    const abort = new AbortController();
    const res = await h.call(`/v1/projects/default/jobs/${jobId}/events`, {
      key,
      signal: abort.signal,
    });
    return { res, close: () => abort.abort() };
  };

  it('refuses a key’s third stream and a job’s fourth with 429 and Retry-After; a closed stream frees its slot', async () => {
    const a1 = await open(keys[0] as string);
    const a2 = await open(keys[0] as string);
    expect([a1.res.status, a2.res.status]).toEqual([200, 200]);
    // The hooks' headers go out with the stream.
    expect(a1.res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const a3 = await open(keys[0] as string);
    expect(a3.res.status).toBe(429);
    expect(Number(a3.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await readJson<ProblemBody>(a3.res)).detail).toMatch(
      /this API key has 2 event streams/,
    );
    const b1 = await open(keys[1] as string);
    expect(b1.res.status).toBe(200);
    const c1 = await open(keys[2] as string);
    expect(c1.res.status).toBe(429);
    expect((await readJson<ProblemBody>(c1.res)).detail).toMatch(/this job has 3 event streams/);

    // One database read per poll for the job, however many streams listen.
    const jobs = h.registry.jobs as { get: (...args: unknown[]) => Promise<unknown> };
    const original = jobs.get;
    let reads = 0;
    jobs.get = (...args: unknown[]) => {
      reads++;
      return original.apply(jobs, args);
    };
    try {
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      jobs.get = original;
    }
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(5); // 1 s at 250 ms, for 3 streams: not 12

    a1.close();
    await new Promise((r) => setTimeout(r, 200));
    const c2 = await open(keys[2] as string);
    expect(c2.res.status).toBe(200);

    // The job ends: every stream gets the last event and is closed by the server.
    const cancel = await h.call(`/v1/projects/default/jobs/${jobId}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    for (const stream of [a2, b1, c2]) {
      const text = await stream.res.text();
      expect(text).toMatch(/"status":"cancelled"/);
    }
    // An ended job's stream answers at once and holds no slot.
    for (let i = 0; i < 3; i++) {
      const again = await h.call(`/v1/projects/default/jobs/${jobId}/events`, { key: keys[0] });
      expect(again.status).toBe(200);
      expect(await again.text()).toMatch(/"status":"cancelled"/);
    }
  });
});
