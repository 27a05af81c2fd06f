/**
 * The public surface, written out literally (spectra-processing's export-list test, without a
 * snapshot): any change to what the package exports must show up in this file in review.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as abtest from '../src/abtest/index.js';
import * as automl from '../src/automl/index.js';
import * as automlLearners from '../src/automl/learners/index.js';
import * as data from '../src/data/index.js';
import * as lttbOnly from '../src/data/lttb.js';
import * as human from '../src/human/index.js';
import * as root from '../src/index.js';
import * as metrics from '../src/metrics/index.js';
import * as stats from '../src/stats/index.js';

const METRICS_EXPORTS = [
  // catalog and errors
  'AssayError',
  'InvalidInputError',
  'LimitExceededError',
  'UnknownMetricError',
  'bootstrapMetric',
  'computeMetric',
  'getMetric',
  'listMetrics',
  // classification
  'accuracyScore',
  'averagePrecisionScore',
  'balancedAccuracyScore',
  'brierScoreLoss',
  'calibrationCurve',
  'cohenKappaScore',
  'confusionMatrix',
  'f1Score',
  'fbetaScore',
  'logLoss',
  'matthewsCorrcoef',
  'precisionRecallCurve',
  'precisionRecallFscore',
  'precisionScore',
  'recallScore',
  'rocAucScore',
  'rocCurve',
  // regression
  'explainedVarianceScore',
  'meanAbsoluteError',
  'meanAbsolutePercentageError',
  'meanSquaredError',
  'medianAbsoluteError',
  'r2Score',
  'residuals',
  'rootMeanSquaredError',
  // ranking
  'mapAtK',
  'meanReciprocalRank',
  'ndcgScore',
  'precisionAtK',
  'recallAtK',
  // rl
  'averageReturn',
  'regret',
  'compareReturns',
  'episodeCurves',
  'ZCompareReturnsResultSchema',
  'ZEpisodeCurvesResultSchema',
  // bias
  'categoryCoverage',
  'demographicParityDifference',
  'equalizedOddsDifference',
  'groupMetrics',
  'populationStabilityIndex',
  // text
  'TEXT_SIGNATURE_VERSION',
  'bleuTokenize',
  'chrf',
  'corpusBleu',
  'porterStem',
  'rouge',
  'rougeTokenize',
  'sentenceBleu',
  'ter',
  'translationEditRate',
  // hitl
  'automationRisk',
  'automationRiskCurve',
  'policyAgreement',
];

const STATS_EXPORTS = [
  // descriptive
  'describeSample',
  'histogram',
  'histogramCounts',
  // tests
  'bayesianBetaBinomial',
  'binomTest',
  'bootstrap',
  'bootstrapMeanDifference',
  'chiSquareContingency',
  'chiSquareGoodnessOfFit',
  'chiSquareSrm',
  'delongRocAucTest',
  'ks2Sample',
  'mannWhitneyU',
  'mcnemar',
  'mcnemarTable',
  'NumpyPcg64',
  'pairedApproximateRandomization',
  'pairedBootstrapDelta',
  'pairedBootstrapResampling',
  'pairedBootstrapRocAuc',
  'pairedTTest',
  'sampleSize',
  'twoProportionZTest',
  'welchTTest',
  'welchTTestFromStats',
  'wilcoxonSignedRank',
  // distributions
  'binomialCdf',
  'binomialPmf',
  'binomialSf',
  'chiSquareSf',
  'normalCdf',
  'normalIsf',
  'normalPpf',
  'normalSf',
  'studentTCdf',
  'studentTPpf',
  'studentTSf',
];

const AUTOML_EXPORTS = [
  // featurization
  'DATE_PARTS',
  'datePart',
  'encodeRawValue',
  'encodeTable',
  'featurizedWidth',
  'fitFeaturizer',
  'hashColumn',
  'murmurhash3Bytes',
  'murmurhash3String',
  'inferColumnType',
  'parseDate',
  'planOutputs',
  'transformRaw',
  // learners
  'learners',
  'linearLearner',
  'reviveLearner',
  // guardrails, validation, scoring
  'AUTOML_METRICS',
  'chooseValidation',
  'defaultMetric',
  'greaterIsBetter',
  'makeSplits',
  'prepareTarget',
  'runGuardrails',
  'scoreFold',
  // the run and its artifact
  'AUTOML_ARTIFACT_FORMAT',
  'LEARNER_FAMILIES',
  'ZAutoMlSettingsSchema',
  'createAutoMlModel',
  'rawShapValues',
  'runAutoMl',
  // the run's parts, for a search whose trials run elsewhere (threads, workers)
  'chooseLearners',
  'evaluateTrial',
  'noTrialCompleted',
  'prepareStudy',
  'refitPipeline',
  'searchTrials',
  'summarizeStudy',
];

const ABTEST_EXPORTS = [
  // assignment (GrowthBook-compatible)
  'HASH_VERSIONS',
  'WEIGHT_SUM_TOLERANCE',
  'ZAssignerConfigSchema',
  'ZAssignmentSchema',
  'ZAssignVariantInputSchema',
  'assignVariant',
  'bucketRanges',
  'chooseVariant',
  'createAssigner',
  'fnv1a32',
  'hashUnit',
  'inNamespace',
  // analysis
  'AB_ENGINE',
  'AB_METHODS',
  'CORRECTIONS',
  'SRM_THRESHOLD',
  'ZAbDecisionSchema',
  'ZAbEffectSchema',
  'ZAbMetricResultSchema',
  'ZAbMetricSchema',
  'ZAbTestAnalysisSchema',
  'ZAbVariantResultSchema',
  'ZAbVariantSchema',
  'ZAnalyzeAbTestInputSchema',
  'ZMeanStatsSchema',
  'ZMetricStatsSchema',
  'ZPrePeriodSchema',
  'ZProportionStatsSchema',
  'ZRatioPrePeriodSchema',
  'ZRatioStatsSchema',
  'ZSrmResultSchema',
  'adjustPValues',
  'analyzeAbTest',
  'sampleRatioMismatch',
  // planner
  'ZAbTestPlanSchema',
  'ZPlanAbTestInputSchema',
  'planAbTest',
];

const RUNTIME_EXPORTS = ['loadTensorFlow', 'tensorflowBackendName'];

const EXPLAIN_EXPORTS = [
  'EXPLAIN_SIGNATURE_VERSION',
  'SCORERS',
  'explain',
  'fitSurrogate',
  'getExplainer',
  'listExplainers',
  'permutationImportance',
  'shapValues',
  'surrogateFidelity',
];

const MODELS_EXPORTS = [
  'RemoteModelError',
  'assertNoOnnxExternalData',
  'createRemoteModel',
  'createRemoteTextModel',
  'createSpecModel',
  'isRemoteTextDescriptor',
  'parseRemoteTextDescriptor',
  'ZRemoteTextDescriptorSchema',
  'featureRowsToMatrix',
  'findFeatureColumns',
  'findOnnxExternalData',
  'isModel',
  'matchFeatureColumns',
  'loadOnnxModel',
  'loadTfjsModel',
  'safeWeightPath',
  'tfjsWeightPaths',
  'toMatrix',
  'ZFeatureRowsSchema',
];

const MODEL_ARTIFACT_EXPORTS = [
  'MODEL_ARTIFACT_FORMATS',
  'TFJS_BUNDLE_FORMAT',
  'loadModelArtifact',
  'parseRemoteModelDescriptor',
  'predictRows',
];

const DATA_EXPORTS = [
  'createDataTable',
  'lttb',
  'lttbKeepingExtremes',
  'datasetFingerprint',
  'parseDataset',
  'parseDatasetRange',
  'parseParquet',
  'parseParquetRange',
  'DATASET_FORMATS',
  'readDataset',
  'readDatasetRange',
];

const EVALUATE_EXPORTS = [
  'COMPARISON_TEST_NAMES',
  'EVALUATION_SIGNATURE_VERSION',
  'ZComparedMetricSchema',
  'ZComparedPredictionsSchema',
  'ZComparePredictionsInputSchema',
  'ZComparisonIntervalSchema',
  'ZComparisonMetricRequestSchema',
  'ZComparisonReportSchema',
  'ZComparisonTestSchema',
  'ZComparisonTimingSchema',
  'ZEvaluationConfidenceSchema',
  'ZEvaluationMetricRequestSchema',
  'ZEvaluationRequestSchema',
  'checkComparisonRequest',
  'checkEvaluationRequest',
  'compareModels',
  'comparePredictions',
  'evaluateModel',
  // text batch tests
  'ZTextConfidenceSchema',
  'ZTextEvaluationRequestSchema',
  'ZTextMetricRequestSchema',
  'checkTextEvaluationRequest',
  'evaluateTextModel',
  // sharded batch tests
  'COUNTED_SHARD_METRICS',
  'SHARDABLE_METRICS',
  'SUMMED_SHARD_METRICS',
  'bleuShard',
  'checkShardableRequest',
  'chrfShard',
  'evaluateShard',
  'finishBleuShards',
  'finishChrfShards',
  'finishShardedEvaluation',
  'finishTerShards',
  'mergeShardStates',
  'terShard',
];

const LIMITS_EXPORTS = ['DEFAULT_COMPUTE_LIMITS', 'checkLimit', 'resolveLimits'];

const HUMAN_EXPORTS = [
  'fleissKappa',
  'judgeItemOrder',
  'krippendorffAlpha',
  'machineOnLeft',
  'TURING_ORIGINS',
  'turingReport',
  'ZTuringOriginSchema',
  'ZTuringReportInputSchema',
  'ZTuringReportSchema',
];

const ROOT_EXPORTS = [
  ...LIMITS_EXPORTS,
  ...METRICS_EXPORTS,
  ...STATS_EXPORTS,
  ...RUNTIME_EXPORTS,
  ...EXPLAIN_EXPORTS,
  ...MODELS_EXPORTS,
  ...MODEL_ARTIFACT_EXPORTS,
  ...DATA_EXPORTS,
  ...EVALUATE_EXPORTS,
];

const AUTOML_LEARNERS_EXPORTS = [
  'cart',
  'histGradientBoosting',
  'learners',
  'linearLearner',
  'mlp',
  'randomForest',
  'reviveLearner',
];

describe('package exports', () => {
  it('the root (.) exports exactly the intended names', () => {
    expect(Object.keys(root).sort()).toEqual([...ROOT_EXPORTS].sort());
  });

  it('./metrics exports exactly the intended names', () => {
    expect(Object.keys(metrics).sort()).toEqual([...METRICS_EXPORTS].sort());
  });

  it('./stats exports exactly the intended names', () => {
    expect(Object.keys(stats).sort()).toEqual([...STATS_EXPORTS].sort());
  });

  it('./abtest exports exactly the intended names (and the root none of them)', () => {
    expect(Object.keys(abtest).sort()).toEqual([...ABTEST_EXPORTS].sort());
    expect(Object.keys(root).filter((k) => ABTEST_EXPORTS.includes(k))).toEqual([]);
  });

  it('./automl exports exactly the intended names (and the root none of them)', () => {
    expect(Object.keys(automl).sort()).toEqual([...AUTOML_EXPORTS].sort());
    expect(Object.keys(root).filter((k) => AUTOML_EXPORTS.includes(k))).toEqual([]);
  });

  it('./human exports exactly the intended names (and the root none of them)', () => {
    expect(Object.keys(human).sort()).toEqual([...HUMAN_EXPORTS].sort());
    expect(Object.keys(root).filter((k) => HUMAN_EXPORTS.includes(k))).toEqual([]);
  });

  it('./data exports the data area, ./lttb only the downsamplers (light enough for the portal)', () => {
    expect(Object.keys(data).sort()).toEqual([...DATA_EXPORTS].sort());
    expect(Object.keys(lttbOnly)).toEqual(['lttb', 'lttbKeepingExtremes']);
  });

  it('./automl/learners exports the model families and reviveLearner (and the root none of them)', () => {
    expect(Object.keys(automlLearners).sort()).toEqual([...AUTOML_LEARNERS_EXPORTS].sort());
    expect(Object.keys(root).filter((k) => AUTOML_LEARNERS_EXPORTS.includes(k))).toEqual([]);
  });

  it('package.json declares the subpaths ., ./metrics, ./stats, ./abtest, ./explain, ./models, ./data, ./lttb, ./automl and ./automl/learners, and no side effects', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, unknown>;
      sideEffects: unknown;
    };
    expect(Object.keys(pkg.exports).sort()).toEqual([
      '.',
      './abtest',
      './automl',
      './automl/learners',
      './data',
      './explain',
      './human',
      './lttb',
      './metrics',
      './models',
      './stats',
    ]);
    expect(pkg.sideEffects).toBe(false);
  });
});
