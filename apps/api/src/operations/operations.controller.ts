import type { Registry } from '@assay/registry';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { requireOperator } from '../auth/require-operator.js';
import type { ApiEnv } from '../env.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { API_ENV } from '../models/upload.js';
import { REGISTRY } from '../registry.token.js';
import { ZArtifactGcBodySchema } from './operations.contract.js';

/** Platform maintenance, for operators. */
@Controller('v1/operations')
@RequireRole('admin')
export class OperationsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Post('artifacts/gc')
  @HttpCode(200)
  async collectArtifacts(
    @CurrentPrincipal() who: Principal,
    @Body(new ZodPipe(ZArtifactGcBodySchema, 'body')) body: z.infer<typeof ZArtifactGcBodySchema>,
  ) {
    await requireOperator(this.registry, this.env, who);
    return this.registry.artifacts.gc(
      { dryRun: body.dryRun, graceMs: Math.round(body.graceHours * 3_600_000) },
      actorOf(who),
    );
  }
}
