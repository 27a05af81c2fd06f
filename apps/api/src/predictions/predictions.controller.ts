import { type Model, predictRows } from '@assay/core';
import type { Registry } from '@assay/registry';
import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { modelLoadContext, OUTBOUND, type Outbound } from '../outbound/outbound.js';
import { REGISTRY } from '../registry.token.js';
import { loadVersionModel, resolveVersion } from './load-version-model.js';
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
    const predictions = await predictRows(model, body.rows);
    return { model: path.model, version: version.number, ...predictions };
  }
}
