import type { FastifyInstance } from 'fastify';

type Created = Record<string, unknown>;
type Params = Record<string, string>;

const seg = (value: unknown) => encodeURIComponent(String(value));
const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Created)[key] : undefined;

/**
 * The URL of what each creating route (a documented 201) made, from its answer and its path
 * parameters: sent as `Location` (RFC 9110 §15.3.2), relative to the API's origin. Keyed by the
 * OpenAPI path template; a test checks that every 201 of the document has its entry here.
 */
export const CREATED_LOCATIONS: Record<string, (created: Created, params: Params) => string> = {
  '/v1/projects': (c) => `/v1/projects/${seg(field(c.project, 'name'))}`,
  '/v1/projects/{project}/keys': (c, p) =>
    `/v1/projects/${seg(p.project)}/keys/${seg(field(c.apiKey, 'id'))}`,
  '/v1/projects/{project}/models': (c, p) => `/v1/projects/${seg(p.project)}/models/${seg(c.name)}`,
  '/v1/projects/{project}/models/{model}/versions': (c, p) =>
    `/v1/projects/${seg(p.project)}/models/${seg(p.model)}/versions/${seg(c.number)}`,
  '/v1/projects/{project}/experiments': (c, p) =>
    `/v1/projects/${seg(p.project)}/experiments/${seg(c.name)}`,
  '/v1/projects/{project}/experiments/{experiment}/runs': (c) => `/v1/runs/${seg(c.id)}`,
  // The points join the run's metric history, which is the target of the request itself.
  '/v1/runs/{run}/metrics': (_c, p) => `/v1/runs/${seg(p.run)}/metrics`,
  '/v1/projects/{project}/datasets': (c, p) =>
    `/v1/projects/${seg(p.project)}/datasets/${seg(c.id)}`,
  '/v1/projects/{project}/evaluations': (c, p) =>
    `/v1/projects/${seg(p.project)}/evaluations/${seg(field(c.evaluation, 'id'))}`,
  '/v1/projects/{project}/text-evaluations': (c, p) =>
    `/v1/projects/${seg(p.project)}/evaluations/${seg(field(c.evaluation, 'id'))}`,
  '/v1/projects/{project}/comparisons': (c, p) =>
    `/v1/projects/${seg(p.project)}/comparisons/${seg(c.id)}`,
  '/v1/projects/{project}/models/{model}/aliases/{alias}/gate-runs': (c, p) =>
    `/v1/projects/${seg(p.project)}/gate-reports/${seg(c.id)}`,
  '/v1/projects/{project}/models/{model}/shadow-tests/{id}/gate-runs': (c, p) =>
    `/v1/projects/${seg(p.project)}/gate-reports/${seg(c.id)}`,
  '/v1/projects/{project}/models/{model}/aliases/{alias}/shadow-tests': (c, p) =>
    `/v1/projects/${seg(p.project)}/models/${seg(p.model)}/shadow-tests/${seg(c.id)}`,
  '/v1/projects/{project}/ab-tests': (c, p) =>
    `/v1/projects/${seg(p.project)}/ab-tests/${seg(c.id)}`,
  // Outcome events have no resource of their own: they join the test's analysis.
  '/v1/projects/{project}/ab-tests/{id}/events': (_c, p) =>
    `/v1/projects/${seg(p.project)}/ab-tests/${seg(p.id)}/analysis`,
  '/v1/projects/{project}/rl-runs': (c, p) => `/v1/projects/${seg(p.project)}/rl-runs/${seg(c.id)}`,
  // Rewards join the run's report.
  '/v1/projects/{project}/rl-runs/{id}/rewards': (_c, p) =>
    `/v1/projects/${seg(p.project)}/rl-runs/${seg(p.id)}/report`,
  // Recorded predictions join the model's review queue.
  '/v1/projects/{project}/models/{model}/review/items': (_c, p) =>
    `/v1/projects/${seg(p.project)}/models/${seg(p.model)}/review/items`,
  '/v1/projects/{project}/models/{model}/review/reviewers': (c, p) =>
    `/v1/projects/${seg(p.project)}/models/${seg(p.model)}/review/reviewers/${seg(field(c.reviewer, 'id'))}`,
  // A review has no URL of its own: it joins the item's reviews.
  '/v1/projects/{project}/models/{model}/review/items/{item}/reviews': (_c, p) =>
    `/v1/projects/${seg(p.project)}/models/${seg(p.model)}/review/items/${seg(p.item)}/reviews`,
  '/v1/projects/{project}/turing-studies': (c, p) =>
    `/v1/projects/${seg(p.project)}/turing-studies/${seg(c.id)}`,
  '/v1/projects/{project}/turing-studies/{id}/items': (_c, p) =>
    `/v1/projects/${seg(p.project)}/turing-studies/${seg(p.id)}/items`,
  '/v1/projects/{project}/turing-studies/{id}/judges': (c, p) =>
    `/v1/projects/${seg(p.project)}/turing-studies/${seg(p.id)}/judges/${seg(field(c.judge, 'id'))}`,
  // A judgement joins the judge's study; what a judge may read of it is its results, once closed.
  '/v1/projects/{project}/turing-studies/{id}/judging/judgements': (_c, p) =>
    `/v1/projects/${seg(p.project)}/turing-studies/${seg(p.id)}/judging/results`,
};

/** Fastify's route URL (`/v1/projects/:project/models`) as an OpenAPI template. */
const templateOf = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Adds `Location` to every 201 that has none, from `CREATED_LOCATIONS`. */
export function installCreatedLocation(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (reply.statusCode !== 201 || reply.hasHeader('location') || typeof payload !== 'string') {
      done(null, payload);
      return;
    }
    const locate = CREATED_LOCATIONS[templateOf(req.routeOptions.url ?? '')];
    if (locate) {
      try {
        reply.header('Location', locate(JSON.parse(payload) as Created, req.params as Params));
      } catch {
        // Not JSON (cannot happen for these routes): the answer goes out without the header.
      }
    }
    done(null, payload);
  });
}
