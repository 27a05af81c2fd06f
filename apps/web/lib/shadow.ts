import { type AssayClient, type Schemas, unwrap } from './api';

/** The portal's reads and writes of shadow tests, through the typed API client. */
export type ShadowTest = Schemas['ShadowTest'];
export type ShadowReport = Schemas['ShadowReport'];

export function listShadowTests(api: AssayClient, project: string, model: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/models/{model}/shadow-tests', {
      params: { path: { project, model }, query: { limit: 50 } },
    }),
  );
}

export function getShadowReport(api: AssayClient, project: string, model: string, id: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/models/{model}/shadow-tests/{id}/report', {
      params: { path: { project, model, id }, query: {} },
    }),
  );
}

export interface StartShadowInput {
  alias: string;
  candidate: { version: number } | { remote: Record<string, unknown> };
  sampleFraction: number;
  maxRequests?: number;
  endsAt?: string;
}

export function startShadowTest(
  api: AssayClient,
  project: string,
  model: string,
  input: StartShadowInput,
) {
  const { alias, ...body } = input;
  return unwrap(
    api.POST('/v1/projects/{project}/models/{model}/aliases/{alias}/shadow-tests', {
      params: { path: { project, model, alias } },
      body: body as never,
    }),
  );
}

export function stopShadowTest(api: AssayClient, project: string, model: string, id: string) {
  return unwrap(
    api.POST('/v1/projects/{project}/models/{model}/shadow-tests/{id}/stop', {
      params: { path: { project, model, id } },
    }),
  );
}

/** Runs the gate of the test's alias on its candidate (one call from shadow to gate). */
export function gateShadowTest(api: AssayClient, project: string, model: string, id: string) {
  return unwrap(
    api.POST('/v1/projects/{project}/models/{model}/shadow-tests/{id}/gate-runs', {
      params: { path: { project, model, id } },
      body: { async: false },
    }),
  );
}

/** Labels of the latency histogram's bins: `0–1 ms`, …, `≥ 5000 ms`. */
export function histogramLabels(edges: readonly number[]): string[] {
  return edges.map((lo, i) => {
    const hi = edges[i + 1];
    return hi === undefined ? `≥ ${lo} ms` : `${lo}–${hi} ms`;
  });
}

/** A share as a percentage, or a dash when undefined. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)} %`;
}
