import { computeMetric, getMetric, listMetrics } from '@assay/core';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ApiEnv } from '../env.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { metricWork } from '../jobs/compute/estimate.js';
import { API_ENV } from '../models/upload.js';
import { ZComputeMetricBodySchema, ZMetricNamePathSchema } from './metrics.contract.js';

/** Thin adapter over the core's metric registry: the API computes nothing itself. */
@Controller('v1/metrics')
export class MetricsController {
  constructor(
    @Inject(COMPUTE_POOL) private readonly pool: ComputePool,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Get()
  list() {
    return { items: listMetrics() };
  }

  @Post(':name')
  @HttpCode(200)
  async compute(
    @Param(new ZodPipe(ZMetricNamePathSchema, 'path')) path: z.infer<typeof ZMetricNamePathSchema>,
    @Body(new ZodPipe(ZComputeMetricBodySchema, 'body'))
    body: z.infer<typeof ZComputeMetricBodySchema>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const params = body.params ?? {};
    // Small calls stay on the event loop (a thread's round trip would cost more than the metric);
    // text metrics, whose cost grows with tokens faster than with bytes, and larger calls go to
    // a compute thread. The body is the core's result object itself (NaN serialises as null).
    const metric = getMetric(path.name);
    if (
      metric.family !== 'text' &&
      metricWork(body.input, params) <= this.env.ASSAY_COMPUTE_INLINE_MAX
    ) {
      return computeMetric(path.name, body.input, params, { limits: this.pool.options.limits });
    }
    return this.pool.run(
      { kind: 'metric', name: path.name, input: body.input, params },
      { signal: abandonSignal(res) },
    );
  }
}
