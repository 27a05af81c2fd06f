#!/usr/bin/env node
// Writes the API's OpenAPI document to packages/client/openapi.json, from which the typed
// TypeScript client is generated. Run after `pnpm --filter @assay/api build` whenever a route
// contract or the metric registry changes; a test fails while the snapshot is stale.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../dist/openapi/document.js';
import { ROUTES } from '../dist/routes.js';
import { API_VERSION } from '../dist/server-info.js';

const target = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../packages/client/openapi.json',
);
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(ROUTES, API_VERSION), null, 2)}\n`);
console.log(`wrote ${target}`);
