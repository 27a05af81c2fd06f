/**
 * @assay/openapi-check: checks an HTTP answer against the schema the API's own OpenAPI document
 * gives for that route and status. The API's tests (through their harness) and the end-to-end
 * tests (through a `fetch` hook) use this one checker, so a response that drifts from its
 * documented shape fails CI wherever it is seen.
 */
export { checkResponsesOf } from './check-responses-of.js';
export { assertDocumented, jsonBodyOf, OpenApiChecker } from './openapi-checker.js';
