export { compareCodePoints, compareLabels, type Label } from './compareLabels.js';
export { encodeLabels } from './encodeLabels.js';
export { assertSameLabelKind, type LabelKind, labelKind } from './labelKind.js';
export { uniqueLabels } from './uniqueLabels.js';
