import { featureRowsToMatrix, InvalidInputError, type Model, predictRows } from '@assay/core';
import type { Registry } from '@assay/registry';
import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { modelLoadContext, OUTBOUND, type Outbound } from '../outbound/outbound.js';
import { REGISTRY } from '../registry.token.js';
import { loadVersionModel, resolveVersion, versionFeatureNames } from './load-version-model.js';
import { ModelCache } from './model-cache.js';
import { ZPredictBodySchema, ZPredictPathSchema } from './predictions.contract.js';

@Controller('v1/projects/:project/models/:model/predict')
export class PredictionsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ModelCache) private readonly models: ModelCache<Model>,
    @Inject(OUTBOUND) private readonly outbound: Outbound,
  ) {}

  @Post()
  @HttpCode(200)
  async predict(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZPredictPathSchema, 'path')) path: z.infer<typeof ZPredictPathSchema>,
    @Body(new ZodPipe(ZPredictBodySchema, 'body')) body: z.infer<typeof ZPredictBodySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const version = await resolveVersion(this.registry, project, path.model, body);
    const model = await loadVersionModel(
      this.registry,
      this.models,
      version,
      modelLoadContext(this.outbound),
    );
    // Named rows are matched to the version's feature names here, so that a reordered
    // DataFrame predicts the same as the model's own order.
    const names = versionFeatureNames(version, model);
    const rows = withNamingHint(() => featureRowsToMatrix(body.rows, names), body.rows, names);
    const predictions = await predictRows(model, rows);
    return { model: path.model, version: version.number, ...predictions, features: names };
  }
}

/**
 * Named rows refused by a version whose features have no names (`x0 … x{n−1}`, neither in the
 * artifact nor in an input signature) get a hint: the names cannot match anything meaningful.
 */
function withNamingHint<T>(run: () => T, rows: unknown, names: readonly string[]): T {
  try {
    return run();
  } catch (error) {
    const named = !Array.isArray(rows) || !Array.isArray(rows[0]);
    const unnamed = names.every((name, j) => name === `x${j}`);
    if (!(error instanceof InvalidInputError) || !named || !unnamed) throw error;
    throw new InvalidInputError(
      `${error.message} (this version's features have no names: send positional rows in the model's order, or upload a version with an inputSignature naming them)`,
      error.issues,
    );
  }
}
