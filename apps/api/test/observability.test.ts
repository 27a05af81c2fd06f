import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, startHarness } from './harness.js';

describe('request ids and Prometheus metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('echoes a sane client request id and makes one up otherwise', async () => {
    const given = await h.call('/healthz', { headers: { 'x-request-id': 'nb-42.run-7' } });
    expect(given.headers.get('x-request-id')).toBe('nb-42.run-7');
    const made = await h.call('/healthz', {
      headers: { 'x-request-id': 'bad id with spaces/and/slashes' },
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts requests by route template, not by raw URL', async () => {
    await h.call('/v1/metrics/accuracy', json({ input: { yTrue: [1, 0], yPred: [1, 1] } }));
    await h.call('/v1/metrics/accuracy', json({ input: { yTrue: [1], yPred: [] } }));
    const text = await (await h.call('/metrics', { key: null })).text();
    expect(text).toMatch(
      /assay_http_requests_total\{method="POST",route="\/v1\/metrics\/:name",status="200"\} 1/,
    );
    expect(text).toMatch(
      /assay_http_requests_total\{method="POST",route="\/v1\/metrics\/:name",status="400"\} 1/,
    );
    expect(text).toContain('assay_http_request_duration_seconds_bucket');
    expect(text).toContain('assay_process_cpu_seconds_total');
  });
});
