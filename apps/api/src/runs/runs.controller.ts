import { type Registry, type Run, ZFinishRunSchema } from '@assay/registry';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { notFound } from '../http/problem.js';
import { validatePart, ZodPipe } from '../http/zod.pipe.js';
import { REGISTRY } from '../registry.token.js';
import {
  ZLogMetricsBodySchema,
  ZLogMetricsHeadersSchema,
  ZMetricHistoryQuerySchema,
  ZRunPathSchema,
} from './runs.contract.js';

type RunPath = z.infer<typeof ZRunPathSchema>;
const runPath = new ZodPipe(ZRunPathSchema, 'path');

/** A run by id: its status and its metric points. A run of another project is a 404. */
@Controller('v1/runs/:run')
export class RunsController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Get()
  get(@CurrentPrincipal() who: Principal, @Param(runPath) path: RunPath) {
    return this.run(who, path.run);
  }

  @Post('finish')
  @HttpCode(200)
  @RequireRole('editor')
  async finish(
    @CurrentPrincipal() who: Principal,
    @Param(runPath) path: RunPath,
    @Body(new ZodPipe(ZFinishRunSchema.strict(), 'body')) body: z.infer<typeof ZFinishRunSchema>,
  ) {
    const run = await this.run(who, path.run);
    return this.registry.runs.finish(run.id, body, actorOf(who));
  }

  @Post('metrics')
  @RequireRole('editor')
  async log(
    @CurrentPrincipal() who: Principal,
    @Param(runPath) path: RunPath,
    @Headers() rawHeaders: Record<string, string | string[] | undefined>,
    @Body(new ZodPipe(ZLogMetricsBodySchema, 'body')) body: z.infer<typeof ZLogMetricsBodySchema>,
  ) {
    const headers = validatePart(ZLogMetricsHeadersSchema, rawHeaders, 'header');
    const run = await this.run(who, path.run);
    const idempotencyKey = headers['idempotency-key'];
    return this.registry.runs.logMetrics(
      run.id,
      body.points,
      actorOf(who),
      idempotencyKey ? { idempotencyKey } : {},
    );
  }

  @Get('metrics')
  async history(
    @CurrentPrincipal() who: Principal,
    @Param(runPath) path: RunPath,
    @Query(new ZodPipe(ZMetricHistoryQuerySchema, 'query'))
    query: z.infer<typeof ZMetricHistoryQuerySchema>,
  ) {
    const run = await this.run(who, path.run);
    const { key, ...page } = query;
    return this.registry.runs.metricHistory(run.id, key, page);
  }

  private async run(who: Principal, id: string): Promise<Run> {
    const run = await this.registry.runs.get(id);
    if (!run || run.projectId !== who.apiKey.projectId) throw notFound(`Run '${id}'`);
    return run;
  }
}
