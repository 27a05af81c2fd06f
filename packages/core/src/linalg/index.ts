export { choleskySolve, leastSquares } from './leastSquares.js';
export {
  isMatrix,
  type Matrix,
  type MatrixIssue,
  type MatrixLike,
  matrixFromRows,
  matrixToArrays,
  takeRows,
  toMatrix,
} from './matrix.js';
export { RandomState, sampleWithoutReplacement } from './randomState.js';
