export { explain, getExplainer, listExplainers } from './explain.js';
export type { LinkName } from './link.js';
export {
  type PermutationImportanceOptions,
  permutationImportance,
  type TPermutationImportanceParams,
} from './permutationImportance.js';
export { SCORERS } from './scorers.js';
export { type ShapOptions, shapValues, type TShapParams } from './shap/shap.js';
export { EXPLAIN_SIGNATURE_VERSION } from './signature.js';
export { surrogateFidelity } from './surrogate/fidelity.js';
export { fitSurrogate, type TSurrogateParams } from './surrogate/surrogate.js';
export type { TreeNode } from './surrogate/treeSurrogate.js';
export type {
  ExplainerDefinition,
  ExplainerInfo,
  ExplainMethod,
  Explanation,
  ExplanationAdditivity,
  ExplanationBase,
  ExplanationTiming,
} from './types.js';
