import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { RegistryContext } from '../src/context.js';
import { createRegistry } from '../src/create-registry.js';
import * as registry from '../src/index.js';

describe('@assay/registry public surface', () => {
  it('exports exactly these values (a change here is a change to the API contract)', () => {
    expect(Object.keys(registry).sort()).toEqual([
      'AB_METRIC_KINDS',
      'AB_METRIC_ROLES',
      'AB_TEST_METHODS',
      'AB_TEST_STATUSES',
      'ARTIFACT_FORMATS',
      'AUTOML_RUN_STATUSES',
      'DATASET_FORMATS',
      'DEFAULT_METRIC_PAGE_SIZE',
      'DEFAULT_PAGE_SIZE',
      'DEFAULT_REVIEW_LEASE_MS',
      'EVALUATION_STATUSES',
      'FEATURE_TYPES',
      'GATE_OPS',
      'JOB_KINDS',
      'JOB_STATUSES',
      'MAX_AB_ASSIGN_BATCH',
      'MAX_AB_EVENT_BATCH',
      'MAX_AB_METRICS',
      'MAX_AB_VARIANTS',
      'MAX_COMPARISON_REPORT_BYTES',
      'MAX_ENVELOPE_BUCKETS',
      'MAX_EVALUATION_JSON_BYTES',
      'MAX_JOB_INPUT_BYTES',
      'MAX_JOB_RESULT_BYTES',
      'MAX_LABEL_BATCH',
      'MAX_METRIC_BATCH',
      'MAX_METRIC_PAGE_SIZE',
      'MAX_PAGE_SIZE',
      'MAX_PREDICTION_LOG_BATCH',
      'MAX_REVIEW_ITEM_BATCH',
      'MAX_REVIEW_LEASE_MS',
      'MAX_RL_REWARD_BATCH',
      'MAX_TURING_ITEMS',
      'MAX_TURING_ITEM_BATCH',
      'METRIC_COMPARISONS',
      'MIN_REVIEW_LEASE_MS',
      'PREDICTION_OUTCOMES',
      'PREDICTION_ROLES',
      'REVIEW_DECISIONS',
      'REVIEW_ITEM_STATUSES',
      'ROLES',
      'RUN_STATUSES',
      'RegistryError',
      'SHADOW_TEST_STATUSES',
      'TURING_CHOICES',
      'TURING_MODES',
      'TURING_ORIGINS',
      'TURING_STUDY_STATUSES',
      'ZAbBaselineSchema',
      'ZAbDecisionSchema',
      'ZAbEventBatchKeySchema',
      'ZAbEventInputSchema',
      'ZAbEventNameSchema',
      'ZAbMetricOutSchema',
      'ZAbMetricSchema',
      'ZAbPlanInputSchema',
      'ZAbPlanSchema',
      'ZAbTestMethodSchema',
      'ZAbTestSchema',
      'ZAbTestStatusSchema',
      'ZAbVariantInputSchema',
      'ZAbVariantSchema',
      'ZActorSchema',
      'ZAgentVersionSchema',
      'ZAliasEventSchema',
      'ZAliasNameSchema',
      'ZAliasWhySchema',
      'ZAlphaSchema',
      'ZApiKeyPlaintextSchema',
      'ZApiKeySchema',
      'ZArtifactFormatSchema',
      'ZArtifactSizeCheckSchema',
      'ZAutoMlRunFilterSchema',
      'ZAutoMlRunSchema',
      'ZAutoMlRunStatusSchema',
      'ZBlindTuringItemSchema',
      'ZClaimJobOptionsSchema',
      'ZComparisonMetricSchema',
      'ZComparisonSchema',
      'ZComparisonSpecSchema',
      'ZCompleteJobSchema',
      'ZConfidenceIntervalSchema',
      'ZCreateAbTestFieldsSchema',
      'ZCreateAbTestSchema',
      'ZCreateApiKeySchema',
      'ZCreateApiKeyWithPlaintextSchema',
      'ZCreateAutoMlRunSchema',
      'ZCreateComparisonSchema',
      'ZCreateDatasetMetaSchema',
      'ZCreateEvaluationSchema',
      'ZCreateExperimentSchema',
      'ZCreateGateReportSchema',
      'ZCreateJobSchema',
      'ZCreateProjectSchema',
      'ZCreateReviewerSchema',
      'ZCreateRlRunFieldsSchema',
      'ZCreateRlRunSchema',
      'ZCreateRunSchema',
      'ZCreateTuringStudySchema',
      'ZCreateVersionMetaSchema',
      'ZCreateVersionSchema',
      'ZDatasetFingerprintSchema',
      'ZDatasetFormatSchema',
      'ZDatasetSchema',
      'ZDescriptionSchema',
      'ZEvaluationMetricSchema',
      'ZEvaluationSchema',
      'ZEvaluationStatusSchema',
      'ZExperimentSchema',
      'ZExplanationSummarySchema',
      'ZFairnessCheckSchema',
      'ZFeatureTypeSchema',
      'ZFinishRunSchema',
      'ZGateCheckResultSchema',
      'ZGateCheckSchema',
      'ZGateEvidenceSchema',
      'ZGatePolicySchema',
      'ZGatePolicySpecSchema',
      'ZGateRefusalSchema',
      'ZGateReportSchema',
      'ZGcArtifactsOptionsSchema',
      'ZGcArtifactsResultSchema',
      'ZHeartbeatOptionsSchema',
      'ZIdSchema',
      'ZIdempotencyKeySchema',
      'ZInputSignatureSchema',
      'ZInstantSchema',
      'ZInviteTuringJudgeSchema',
      'ZJobAttemptSchema',
      'ZJobErrorSchema',
      'ZJobKindSchema',
      'ZJobProgressSchema',
      'ZJobSchema',
      'ZJobStatusSchema',
      'ZLabelValueSchema',
      'ZLabelsResultSchema',
      'ZLatencyCheckSchema',
      'ZLeaseMsSchema',
      'ZListEvaluationsFilterSchema',
      'ZListGateReportsFilterSchema',
      'ZListJobsFilterSchema',
      'ZListPredictionLogSchema',
      'ZListReviewItemsSchema',
      'ZLogMetricsOptionsSchema',
      'ZLogMetricsSchema',
      'ZLogPolicySchema',
      'ZLoggedMetricPointSchema',
      'ZMetricEnvelopeOptionsSchema',
      'ZMetricFilterSchema',
      'ZMetricKeySchema',
      'ZMetricKeySummarySchema',
      'ZMetricPointSchema',
      'ZModelAliasSchema',
      'ZModelNameSchema',
      'ZModelVersionSchema',
      'ZNameSchema',
      'ZOutputSignatureSchema',
      'ZPageRequestSchema',
      'ZPageSchema',
      'ZParamsSchema',
      'ZPredictionLabelSchema',
      'ZPredictionLogEntrySchema',
      'ZPredictionOutcomeSchema',
      'ZPredictionRoleSchema',
      'ZProjectNameSchema',
      'ZProjectSchema',
      'ZPutGatePolicySchema',
      'ZReasonSchema',
      'ZRegisterModelSchema',
      'ZRegisteredModelSchema',
      'ZRegisteredModelWithVersionsSchema',
      'ZRelativeCheckSchema',
      'ZRemoteCandidateSchema',
      'ZRemoveAliasSchema',
      'ZRequestIdSchema',
      'ZReviewDecisionSchema',
      'ZReviewItemIdSchema',
      'ZReviewItemSchema',
      'ZReviewItemStatusSchema',
      'ZReviewLabelSchema',
      'ZReviewPolicyFieldsSchema',
      'ZReviewPolicySchema',
      'ZReviewQueueCountsSchema',
      'ZReviewReportDataSchema',
      'ZReviewSchema',
      'ZReviewerSchema',
      'ZRlEpisodeSchema',
      'ZRlReturnsOptionsSchema',
      'ZRlRewardInputSchema',
      'ZRlRewardsAppendedSchema',
      'ZRlRunFilterSchema',
      'ZRlRunSchema',
      'ZRoleSchema',
      'ZRunListOptionsSchema',
      'ZRunSchema',
      'ZRunStatusSchema',
      'ZSendLabelsSchema',
      'ZSetAliasSchema',
      'ZSetLogPolicySchema',
      'ZSetReviewPolicySchema',
      'ZSha256Schema',
      'ZShadowCandidateOutSchema',
      'ZShadowCandidateSchema',
      'ZShadowTestSchema',
      'ZShadowTestStatusSchema',
      'ZStartShadowTestFieldsSchema',
      'ZStartShadowTestSchema',
      'ZStopAbTestSchema',
      'ZSubmitReviewSchema',
      'ZSubmitTuringJudgementSchema',
      'ZTagsSchema',
      'ZThresholdCheckSchema',
      'ZTuringChoiceSchema',
      'ZTuringItemBatchSchema',
      'ZTuringItemInputSchema',
      'ZTuringItemSchema',
      'ZTuringJudgeSchema',
      'ZTuringJudgeTokenSchema',
      'ZTuringJudgeViewSchema',
      'ZTuringJudgementReceiptSchema',
      'ZTuringModeSchema',
      'ZTuringStudySchema',
      'ZTuringStudyStatusSchema',
      'ZUnitIdSchema',
      'ZUpdateAbTestSchema',
      'ZUpdateAutoMlRunSchema',
      'ZVersionNumberSchema',
      'ZWorkerIdSchema',
      'checkAbTestSpec',
      'checkGateMetricsOnce',
      'integerParam',
      'isRegistryError',
      'migrate',
      'openRegistry',
      'requireShadowTestEnd',
    ]);
  });

  it('declares its public types without Prisma (domain types only)', async () => {
    // The root files of the public surface, and every entity folder's input schemas and domain
    // types (`<entity>.schemas.ts`, `<entity>.types.ts`), which the index re-exports whole.
    const root = new URL('../src/', import.meta.url);
    const entityFiles = (await readdir(root, { recursive: true }))
      .filter((path) => /^[a-z-]+\/[a-z-]+\.(schemas|types)\.ts$/.test(path))
      .map((path) => path.replace(/\.ts$/, ''));
    expect(entityFiles.length).toBeGreaterThanOrEqual(24);
    const sources = [
      'index',
      'registry',
      'open-registry',
      'errors',
      'common',
      'pagination',
      ...entityFiles,
    ];
    for (const name of sources) {
      const text = await readFile(new URL(`${name}.ts`, root), 'utf8');
      expect(text, name).not.toMatch(/@prisma\/client|generated\/prisma|from '\.{1,2}\/db\//);
    }
  });
});

describe('the facade', () => {
  it('binds exactly these methods (each function module exports its methods and constants only)', () => {
    // Binding does not touch the context: a stand-in is enough to list the methods.
    const facade = createRegistry({} as RegistryContext, 'embedded', async () => {});
    const methods = Object.fromEntries(
      Object.entries(facade)
        .filter(([, value]) => typeof value === 'object')
        .map(([name, value]) => [name, Object.keys(value as object).sort()]),
    );
    expect(methods).toEqual({
      projects: ['create', 'getById', 'getByName', 'list'],
      apiKeys: ['authenticate', 'count', 'create', 'list', 'revoke'],
      models: ['get', 'list', 'register'],
      versions: ['create', 'get', 'list', 'readArtifact'],
      aliases: ['get', 'history', 'list', 'remove', 'resolveAt', 'set', 'why'],
      evaluations: ['create', 'get', 'list'],
      artifacts: ['gc'],
      datasets: ['create', 'get', 'list', 'read'],
      jobs: [
        'cancel',
        'claim',
        'complete',
        'countByStatus',
        'create',
        'fail',
        'findByIdempotencyKey',
        'get',
        'getById',
        'heartbeat',
        'list',
        'listStranded',
        'markCancelled',
      ],
      experiments: ['create', 'get', 'list'],
      runs: [
        'create',
        'finish',
        'get',
        'list',
        'logMetrics',
        'metricEnvelope',
        'metricEnvelopes',
        'metricHistory',
        'metricKeys',
      ],
      comparisons: ['create', 'get', 'list'],
      gatePolicies: ['get', 'list', 'put'],
      gateReports: ['create', 'get', 'list'],
      shadowTests: ['get', 'list', 'pairs', 'running', 'start', 'stop'],
      predictionLogs: ['addLabels', 'append', 'getPolicy', 'list', 'setPolicy'],
      abTests: [
        'aggregate',
        'aggregateTest',
        'appendEvents',
        'assign',
        'create',
        'exposuresByDay',
        'get',
        'list',
        'stop',
        'update',
      ],
      rlRuns: ['appendRewards', 'create', 'episodeReturns', 'get', 'list'],
      reviews: [
        'authenticateReviewer',
        'claim',
        'counts',
        'createReviewer',
        'getPolicy',
        'listItems',
        'listReviewers',
        'record',
        'reportData',
        'revokeReviewer',
        'setPolicy',
        'submitReview',
      ],
      turingStudies: [
        'addItems',
        'authenticateJudge',
        'create',
        'get',
        'inviteJudge',
        'list',
        'listItems',
        'listJudges',
        'nextItem',
        'reportData',
        'revokeJudge',
        'setStatus',
        'submitJudgement',
      ],
      autoMlRuns: ['create', 'get', 'list', 'update'],
    });
    expect(facade.backend).toBe('embedded');
  });
});

describe('enumerations', () => {
  it('the Prisma schema declares each enum with the values of its tuple, in order', async () => {
    const prisma = await readFile(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');
    const enums = Object.fromEntries(
      [...prisma.matchAll(/^enum (\w+) \{([^}]*)\}/gm)].map((m) => [
        m[1],
        (m[2] as string)
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line && !line.startsWith('//')),
      ]),
    );
    expect(enums).toEqual({
      Role: [...registry.ROLES],
      ArtifactFormat: [...registry.ARTIFACT_FORMATS],
      RunStatus: [...registry.RUN_STATUSES],
      EvaluationStatus: [...registry.EVALUATION_STATUSES],
      DatasetFormat: [...registry.DATASET_FORMATS],
      JobStatus: [...registry.JOB_STATUSES],
      ShadowTestStatus: [...registry.SHADOW_TEST_STATUSES],
      AbTestStatus: [...registry.AB_TEST_STATUSES],
      PredictionRole: [...registry.PREDICTION_ROLES],
      PredictionOutcome: [...registry.PREDICTION_OUTCOMES],
    });
  });
});

describe('input schemas', () => {
  it('ZCreateVersionMetaSchema accepts a complete version and normalises nothing silently', () => {
    const meta = {
      projectId: '01a219b7-89dd-763a-9198-6f646f5602ca',
      modelName: 'churn.xgb_v2-final',
      format: 'onnx',
      expectedSha256: 'a'.repeat(64),
      tags: { team: 'growth' },
      createdBy: 'alice',
    };
    expect(registry.ZCreateVersionMetaSchema.parse(meta)).toEqual(meta);
  });

  it.each([
    ['format', { format: 'pickle' }],
    ['expectedSha256 in upper case', { expectedSha256: 'A'.repeat(64) }],
    ['short expectedSha256', { expectedSha256: 'a'.repeat(63) }],
    ['projectId', { projectId: 'p1' }],
    ['modelName with a slash', { modelName: 'a/b' }],
    ['tag key with a control character', { tags: { 'a\u0001': 'x' } }],
  ])('ZCreateVersionMetaSchema rejects a bad %s', (_label, patch) => {
    const meta = {
      projectId: '01a219b7-89dd-763a-9198-6f646f5602ca',
      modelName: 'm',
      format: 'json',
      ...patch,
    };
    expect(registry.ZCreateVersionMetaSchema.safeParse(meta).success).toBe(false);
  });

  it('ZVersionNumberSchema takes JSON integers only; integerParam reads plain decimals', () => {
    expect(registry.ZVersionNumberSchema.parse(2)).toBe(2);
    for (const v of ['2', [2], true, 1.5, 0])
      expect(registry.ZVersionNumberSchema.safeParse(v).success).toBe(false);
    const param = registry.integerParam(registry.ZVersionNumberSchema);
    expect(param.parse('2')).toBe(2);
    expect(param.parse(2)).toBe(2);
    for (const v of ['0x1', ' 1 ', '01', '1e0', '+1', '1.0', '', 'true'])
      expect(param.safeParse(v).success).toBe(false);
  });

  it('ZPageRequestSchema reads decimal query-string limits and bounds them to 1..500', () => {
    expect(registry.ZPageRequestSchema.parse({ limit: '20' })).toEqual({ limit: 20 });
    for (const limit of ['0x14', ' 20', '020', '2e1', '20.0', '', true, [20]])
      expect(registry.ZPageRequestSchema.safeParse({ limit }).success).toBe(false);
    expect(registry.ZPageRequestSchema.safeParse({ limit: 501 }).success).toBe(false);
    expect(registry.ZPageRequestSchema.safeParse({ limit: 0 }).success).toBe(false);
    expect(registry.ZPageRequestSchema.parse({})).toEqual({});
  });
});
