/**
 * @assay/core/stats: statistical tests for A/B tests, Turing tests and bias checks, as pure
 * functions (SciPy / statsmodels semantics), and the distribution functions they use.
 */
export {
  type BetaBinomialOptions,
  bayesianBetaBinomial,
  type TBetaBinomialResult,
} from './bayesianBetaBinomial.js';
export { type BinomTestOptions, binomTest, type TBinomTestResult } from './binomTest.js';
export {
  type BootstrapOptions,
  type BootstrapResult,
  type BootstrapStatistic,
  bootstrap,
} from './bootstrap.js';
export {
  type BootstrapMeanDifferenceOptions,
  bootstrapMeanDifference,
  type TBootstrapMeanDifferenceResult,
} from './bootstrapMeanDifference.js';
export {
  type ChiSquareContingencyOptions,
  chiSquareContingency,
  type TChiSquareContingencyResult,
} from './chiSquareContingency.js';
export { chiSquareGoodnessOfFit } from './chiSquareGoodnessOfFit.js';
export { chiSquareSrm, type TChiSquareResult } from './chiSquareSrm.js';
export {
  type DelongRocAucTestOptions,
  delongRocAucTest,
  type TDelongResult,
} from './delongRocAucTest.js';
export { describeSample, type SampleDescription } from './describeSample.js';
export {
  binomialCdf,
  binomialPmf,
  binomialSf,
  chiSquareSf,
  normalCdf,
  normalIsf,
  normalPpf,
  normalSf,
  studentTCdf,
  studentTPpf,
  studentTSf,
} from './distributions/index.js';
export { type Histogram, type HistogramOptions, histogram } from './histogram.js';
export { histogramCounts } from './histogramCounts.js';
export { type Ks2SampleOptions, type KsMethod, ks2Sample, type TKsResult } from './ks2Sample.js';
export {
  type MannWhitneyMethod,
  type MannWhitneyUOptions,
  mannWhitneyU,
  type TMannWhitneyResult,
} from './mannWhitneyU.js';
export {
  type McNemarOptions,
  type McNemarTable,
  mcnemar,
  mcnemarTable,
  type TMcNemarResult,
} from './mcnemar.js';
export {
  type PairedApproximateRandomizationOptions,
  pairedApproximateRandomization,
} from './pairedApproximateRandomization.js';
export {
  type IndexedStatistic,
  type PairedBootstrapOptions,
  type PairedBootstrapResult,
  pairedBootstrapDelta,
} from './pairedBootstrapDelta.js';
export { pairedBootstrapResampling } from './pairedBootstrapResampling.js';
export { pairedBootstrapRocAuc } from './pairedBootstrapRocAuc.js';
export type { PairedTextTestOptions, TPairedTextResult } from './pairedTextSystems.js';
export { type PairedTTestOptions, pairedTTest, type TPairedTTestResult } from './pairedTTest.js';
export { NumpyPcg64 } from './random/pcg64.js';
export {
  type PowerAlternative,
  type SampleSizeOptions,
  sampleSize,
  type TSampleSizeResult,
} from './sampleSize.js';
export {
  type ProportionAlternative,
  type TTwoProportionZTestResult,
  type TwoProportionZTestOptions,
  twoProportionZTest,
} from './twoProportionZTest.js';
export {
  type SampleSummary,
  type TTestAlternative,
  type TWelchResult,
  welchTTest,
  welchTTestFromStats,
} from './welchTTest.js';
export {
  type TWilcoxonResult,
  type WilcoxonMethod,
  type WilcoxonSignedRankOptions,
  type WilcoxonZeroMethod,
  wilcoxonSignedRank,
} from './wilcoxonSignedRank.js';
