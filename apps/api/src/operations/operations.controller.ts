import type { Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { requireOperator } from '../auth/require-operator.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import { artifactGcRoute } from './operations.contract.js';

/** Platform maintenance, for operators. */
@Controller()
export class OperationsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Route(artifactGcRoute)
  async collectArtifacts(
    @CurrentPrincipal() who: Principal,
    @Input() { body }: RouteInput<typeof artifactGcRoute>,
  ) {
    await requireOperator(this.registry, this.env, who);
    return this.registry.artifacts.gc(
      { dryRun: body.dryRun, graceMs: Math.round(body.graceHours * 3_600_000) },
      actorOf(who),
    );
  }
}
