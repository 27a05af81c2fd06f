export { choleskySolve, leastSquares } from './leastSquares.js';
export {
  isMatrix,
  type Matrix,
  type MatrixLike,
  matrixToArrays,
  takeRows,
  toMatrix,
} from './matrix.js';
export { RandomState, sampleWithoutReplacement } from './randomState.js';
