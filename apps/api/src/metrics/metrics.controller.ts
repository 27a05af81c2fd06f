import { computeMetric, listMetrics } from '@assay/core';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import { ZodPipe } from '../http/zod.pipe.js';
import { ZComputeMetricBodySchema, ZMetricNamePathSchema } from './metrics.contract.js';

/** Thin adapter over the core's metric registry: the API computes nothing itself. */
@Controller('v1/metrics')
export class MetricsController {
  @Get()
  list() {
    return { items: listMetrics() };
  }

  @Post(':name')
  @HttpCode(200)
  compute(
    @Param(new ZodPipe(ZMetricNamePathSchema, 'path')) path: z.infer<typeof ZMetricNamePathSchema>,
    @Body(new ZodPipe(ZComputeMetricBodySchema, 'body'))
    body: z.infer<typeof ZComputeMetricBodySchema>,
  ) {
    // The body is the core's result object itself (NaN serialises as null).
    return computeMetric(path.name, body.input, body.params ?? {});
  }
}
