export { binomialCdf, binomialPmf, binomialSf } from './binomial.js';
export { chiSquareSf } from './chiSquare.js';
export { normalCdf, normalIsf, normalPpf, normalSf } from './normal.js';
export { studentTCdf, studentTSf } from './studentT.js';
export { studentTPpf } from './studentTPpf.js';
