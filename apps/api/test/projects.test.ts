import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

interface Project {
  id: string;
  name: string;
}

describe('projects', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('lets an operator create a project whose first key sees that project alone', async () => {
    const res = await h.call('/v1/projects', json({ name: 'fraud', description: 'fraud models' }));
    expect(res.status, await res.clone().text()).toBe(201);
    const created = await readJson<{ project: Project; key: string; apiKey: { role: string } }>(
      res,
    );
    expect(created.project.name).toBe('fraud');
    expect(created.apiKey.role).toBe('admin');
    const listed = await readJson<{ items: Project[] }>(
      await h.call('/v1/projects', { key: created.key }),
    );
    expect(listed.items.map((p) => p.name)).toEqual(['fraud']);
    expect((await h.call('/v1/projects/fraud', { key: created.key })).status).toBe(200);
    // each key sees nothing of the other project: 404, not 403
    expect((await h.call('/v1/projects/default', { key: created.key })).status).toBe(404);
    expect((await h.call('/v1/projects/fraud')).status).toBe(404);
    expect((await h.call('/v1/projects/fraud/models', { key: created.key })).status).toBe(200);
    // an admin of a project other than the bootstrap one is not an operator
    const refused = await h.call('/v1/projects', { ...json({ name: 'x' }), key: created.key });
    expect(refused.status).toBe(403);
    expect((await readJson<ProblemBody>(refused)).detail).toMatch(
      /Only admins of the 'default' project operate the platform/,
    );
  });

  it('refuses a taken name with a 409 and a bad one with a 400 naming the field', async () => {
    expect((await h.call('/v1/projects', json({ name: 'default' }))).status).toBe(409);
    const bad = await h.call('/v1/projects', json({ name: '../etc' }));
    expect(bad.status).toBe(400);
    expect((await readJson<ProblemBody>(bad)).errors[0]?.path).toBe('body.name');
  });

  it('lets an operator collect unreferenced artifacts, keeping referenced ones', async () => {
    const upload = await h.call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'a,b\n1,2\n',
    });
    expect(upload.status).toBe(201);
    const res = await h.call('/v1/operations/artifacts/gc', json({ graceHours: 0.02 }));
    expect(res.status, await res.clone().text()).toBe(200);
    const report = await readJson<{ deleted: unknown[]; referenced: number; recent: number }>(res);
    expect(report.deleted).toEqual([]);
    // the dataset just stored is kept, as referenced or as younger than the grace period
    expect(report.referenced + report.recent).toBeGreaterThanOrEqual(1);
    const bad = await h.call('/v1/operations/artifacts/gc', json({ graceHours: 0 }));
    expect(bad.status).toBe(400);
    const created = await readJson<{ key: string }>(
      await h.call('/v1/projects', json({ name: 'ops-check' })),
    );
    const other = await h.call('/v1/operations/artifacts/gc', { ...json({}), key: created.key });
    expect(other.status).toBe(403);
  });
});
