import { computeMetric, getMetric, listMetrics } from '@assay/core';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { API_ENV, type ApiEnv } from '../env.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { metricWork } from '../jobs/compute/estimate.js';
import { computeMetricRoute, listMetricsRoute } from './metrics.contract.js';

/** Thin adapter over the core's metric registry: the API computes nothing itself. */
@Controller()
export class MetricsController {
  constructor(
    @Inject(COMPUTE_POOL) private readonly pool: ComputePool,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Route(listMetricsRoute)
  list() {
    return { items: listMetrics() };
  }

  @Route(computeMetricRoute)
  async compute(
    @Input() { path, body }: RouteInput<typeof computeMetricRoute>,
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
