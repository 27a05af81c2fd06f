import type { Registry, Run } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import { downsampledHistories, downsampledHistory } from './downsampled-histories.js';
import {
  downsampledMetricsRoute,
  finishRunRoute,
  getRunRoute,
  logMetricsRoute,
  metricHistoryRoute,
  metricKeysRoute,
} from './runs.contract.js';

/** A run by id: its status and its metric points. A run of another project is a 404. */
@Controller()
export class RunsController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Route(getRunRoute)
  get(@CurrentPrincipal() who: Principal, @Input() { path }: RouteInput<typeof getRunRoute>) {
    return this.run(who, path.run);
  }

  @Route(finishRunRoute)
  async finish(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof finishRunRoute>,
  ) {
    const run = await this.run(who, path.run);
    return this.registry.runs.finish(run.id, body, actorOf(who));
  }

  @Route(logMetricsRoute)
  async log(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof logMetricsRoute>,
  ) {
    const run = await this.run(who, path.run);
    const idempotencyKey = headers['idempotency-key'];
    return this.registry.runs.logMetrics(
      run.id,
      body.points,
      actorOf(who),
      idempotencyKey ? { idempotencyKey } : {},
    );
  }

  @Route(metricHistoryRoute)
  async history(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof metricHistoryRoute>,
  ) {
    const run = await this.run(who, path.run);
    const { key, maxPoints, ...page } = query;
    if (maxPoints === undefined) return this.registry.runs.metricHistory(run.id, key, page);
    if (page.cursor !== undefined || page.limit !== undefined) {
      throw new ProblemError(
        problem(
          400,
          'invalid-request',
          'maxPoints reads the whole history: drop cursor and limit',
          {
            errors: [{ path: 'query.maxPoints', message: 'not with cursor or limit' }],
          },
        ),
      );
    }
    // LTTB on the server, from the history's envelope when it is long: a chart gets its few
    // hundred points without the client (or the server) reading 100,000.
    return {
      items: await downsampledHistory(this.registry, run.id, key, maxPoints),
      nextCursor: null,
    };
  }

  @Route(downsampledMetricsRoute)
  async downsampled(
    @CurrentPrincipal() who: Principal,
    @Input() { query }: RouteInput<typeof downsampledMetricsRoute>,
  ) {
    // One read of every run's envelopes, not one request per run and key (issue #17).
    const items = await downsampledHistories(
      this.registry,
      who.apiKey.projectId,
      query.runs,
      query.maxPoints,
      query.keys,
    );
    return { items };
  }

  @Route(metricKeysRoute)
  async keys(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof metricKeysRoute>,
  ) {
    const run = await this.run(who, path.run);
    return { items: await this.registry.runs.metricKeys(run.id) };
  }

  private async run(who: Principal, id: string): Promise<Run> {
    const run = await this.registry.runs.get(id);
    if (!run || run.projectId !== who.apiKey.projectId) throw notFound(`Run '${id}'`);
    return run;
  }
}
