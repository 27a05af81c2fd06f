export { assertFiniteNumbers } from './assertFiniteNumbers.js';
export { assertNonEmpty } from './assertNonEmpty.js';
export { assertSameLength } from './assertSameLength.js';
export { assertSampleWeight } from './assertSampleWeight.js';
