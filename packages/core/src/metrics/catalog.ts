import { fleissKappaMetric } from '../human/fleissKappa.js';
import { krippendorffAlphaMetric } from '../human/krippendorffAlpha.js';
import { turingReportMetric } from '../human/turingReport.js';
import { bayesianBetaBinomialMetric } from '../stats/bayesianBetaBinomial.js';
import { binomTestMetric } from '../stats/binomTest.js';
import { chiSquareSrmMetric } from '../stats/chiSquareSrm.js';
import { delongRocAucTestMetric } from '../stats/delongRocAucTest.js';
import { mannWhitneyUMetric } from '../stats/mannWhitneyU.js';
import { mcnemarMetric } from '../stats/mcnemar.js';
import { pairedApproximateRandomizationMetric } from '../stats/pairedApproximateRandomization.js';
import { pairedBootstrapResamplingMetric } from '../stats/pairedBootstrapResampling.js';
import { pairedTTestMetric } from '../stats/pairedTTest.js';
import { sampleSizeMetric } from '../stats/sampleSize.js';
import { twoProportionZTestMetric } from '../stats/twoProportionZTest.js';
import { welchTTestMetric } from '../stats/welchTTest.js';
import { wilcoxonSignedRankMetric } from '../stats/wilcoxonSignedRank.js';
import { categoryCoverageMetric } from './bias/categoryCoverage.js';
import { chiSquareGoodnessOfFitMetric } from './bias/chiSquareGoodnessOfFit.js';
import { demographicParityDifferenceMetric } from './bias/demographicParityDifference.js';
import { equalizedOddsDifferenceMetric } from './bias/equalizedOddsDifference.js';
import { groupMetricsMetric } from './bias/groupMetrics.js';
import { ks2SampleMetric } from './bias/ks2Sample.js';
import { psiMetric } from './bias/psi.js';
import { accuracyMetric } from './classification/accuracy.js';
import { averagePrecisionMetric } from './classification/averagePrecision.js';
import { balancedAccuracyMetric } from './classification/balancedAccuracy.js';
import { brierScoreMetric } from './classification/brierScore.js';
import { calibrationCurveMetric } from './classification/calibrationCurve.js';
import { cohenKappaMetric } from './classification/cohenKappa.js';
import { confusionMatrixMetric } from './classification/confusionMatrix.js';
import { f1Metric } from './classification/f1.js';
import { fbetaMetric } from './classification/fbeta.js';
import { logLossMetric } from './classification/logLoss.js';
import { matthewsCorrcoefMetric } from './classification/matthewsCorrcoef.js';
import { precisionMetric } from './classification/precision.js';
import { precisionRecallCurveMetric } from './classification/precisionRecallCurve.js';
import { recallMetric } from './classification/recall.js';
import { rocAucMetric } from './classification/rocAuc.js';
import { rocCurveMetric } from './classification/rocCurve.js';
import { automationRiskMetric } from './hitl/automationRisk.js';
import { automationRiskCurveMetric } from './hitl/automationRiskCurve.js';
import { policyAgreementMetric } from './hitl/policyAgreement.js';
import { mapAtKMetric } from './ranking/mapAtK.js';
import { mrrMetric } from './ranking/mrr.js';
import { ndcgMetric } from './ranking/ndcg.js';
import { precisionAtKMetric } from './ranking/precisionAtK.js';
import { recallAtKMetric } from './ranking/recallAtK.js';
import { explainedVarianceMetric } from './regression/explainedVariance.js';
import { maeMetric } from './regression/mae.js';
import { mapeMetric } from './regression/mape.js';
import { medianAbsoluteErrorMetric } from './regression/medianAbsoluteError.js';
import { mseMetric } from './regression/mse.js';
import { r2Metric } from './regression/r2.js';
import { residualsMetric } from './regression/residuals.js';
import { rmseMetric } from './regression/rmse.js';
import { averageReturnMetric } from './rl/averageReturn.js';
import { compareReturnsMetric } from './rl/compareReturns.js';
import { regretMetric } from './rl/regret.js';
import { bleuMetric } from './text/bleu.js';
import { chrfMetric } from './text/chrf.js';
import { rougeMetric } from './text/rouge.js';
import { sentenceBleuMetric } from './text/sentenceBleu.js';
import { terMetric } from './text/ter.js';
import type { MetricDefinition } from './types.js';

/**
 * Every metric the platform offers. Adding a metric = one file exporting its definition plus one
 * line here; names are unique (a test checks it) and there are no aliases.
 */
export const METRICS: readonly MetricDefinition[] = [
  // classification
  accuracyMetric,
  precisionMetric,
  recallMetric,
  f1Metric,
  fbetaMetric,
  confusionMatrixMetric,
  balancedAccuracyMetric,
  matthewsCorrcoefMetric,
  cohenKappaMetric,
  rocAucMetric,
  averagePrecisionMetric,
  logLossMetric,
  brierScoreMetric,
  rocCurveMetric,
  precisionRecallCurveMetric,
  calibrationCurveMetric,
  // regression
  mseMetric,
  rmseMetric,
  maeMetric,
  r2Metric,
  mapeMetric,
  explainedVarianceMetric,
  medianAbsoluteErrorMetric,
  residualsMetric,
  // ranking
  ndcgMetric,
  precisionAtKMetric,
  recallAtKMetric,
  mapAtKMetric,
  mrrMetric,
  // rl
  regretMetric,
  averageReturnMetric,
  compareReturnsMetric,
  // hitl
  automationRiskMetric,
  policyAgreementMetric,
  automationRiskCurveMetric,
  // bias
  psiMetric,
  demographicParityDifferenceMetric,
  equalizedOddsDifferenceMetric,
  groupMetricsMetric,
  ks2SampleMetric,
  chiSquareGoodnessOfFitMetric,
  categoryCoverageMetric,
  // text
  bleuMetric,
  sentenceBleuMetric,
  chrfMetric,
  rougeMetric,
  terMetric,
  // stats (A/B and Turing tests)
  twoProportionZTestMetric,
  welchTTestMetric,
  mannWhitneyUMetric,
  chiSquareSrmMetric,
  sampleSizeMetric,
  bayesianBetaBinomialMetric,
  binomTestMetric,
  // agreement between judges (Turing tests)
  fleissKappaMetric,
  krippendorffAlphaMetric,
  turingReportMetric,
  // stats (paired comparison of two models on the same rows)
  mcnemarMetric,
  delongRocAucTestMetric,
  pairedTTestMetric,
  wilcoxonSignedRankMetric,
  pairedBootstrapResamplingMetric,
  pairedApproximateRandomizationMetric,
  // `bootstrap` and `pairedBootstrapDelta` come last, appended by computeMetric.ts (they call
  // back into the catalog).
];
