import type { TTuringReport } from '@assay/core/human';
import type { Registry, TuringJudgeSession } from '@assay/registry';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { REGISTRY } from '../registry.token.js';
import { CurrentJudge, JudgeTokenGuard } from './judge-token.guard.js';
import { buildTuringReport } from './turing-report.js';
import {
  nextTuringItemRoute,
  submitTuringJudgementRoute,
  turingJudgeResultsRoute,
} from './turing-studies.contract.js';

/**
 * Judging, for judges with an invitation token (no API key): the next blinded item, a judgement,
 * and the results once the study is closed. Everything is scoped to the token's own study and
 * judge; no route reads another judge's verdicts before the study closes.
 */
@Controller()
@UseGuards(JudgeTokenGuard)
export class TuringJudgingController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(COMPUTE_POOL) private readonly pool: ComputePool,
  ) {}

  @Route(nextTuringItemRoute)
  next(
    @CurrentJudge() session: TuringJudgeSession,
    @Input() _: RouteInput<typeof nextTuringItemRoute>,
  ) {
    return this.registry.turingStudies.nextItem(session.judge.id);
  }

  @Route(submitTuringJudgementRoute)
  submit(
    @CurrentJudge() session: TuringJudgeSession,
    @Input() { body }: RouteInput<typeof submitTuringJudgementRoute>,
  ) {
    return this.registry.turingStudies.submitJudgement(session.judge.id, body);
  }

  @Route(turingJudgeResultsRoute)
  async results(
    @CurrentJudge() session: TuringJudgeSession,
    @Input() _: RouteInput<typeof turingJudgeResultsRoute>,
  ) {
    const study = await this.registry.turingStudies.get(session.study.projectId, session.study.id);
    if (study?.status !== 'closed') {
      throw new ProblemError(
        problem(403, 'results-hidden', 'Results are hidden from judges until the study closes'),
      );
    }
    const { report } = await buildTuringReport(this.registry, this.pool, study);
    const mine = report.perJudge.find((j) => j.judge === session.judge.id);
    return {
      study: { id: study.id, name: study.name, status: study.status },
      judged: mine?.total ?? 0,
      correct: mine?.correct ?? 0,
      accuracy: mine?.proportion ?? null,
      overallAccuracy: (report as TTuringReport).accuracy?.proportion ?? null,
      deceptionRate: report.deception?.rate ?? null,
    };
  }
}
