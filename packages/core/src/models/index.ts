export { type Matrix, type MatrixLike, toMatrix } from '../linalg/matrix.js';
export {
  type FeatureColumnMatch,
  featureRowsToMatrix,
  findFeatureColumns,
  matchFeatureColumns,
  type TFeatureRows,
  ZFeatureRowsSchema,
} from './featureRows.js';
export {
  loadModelArtifact,
  MODEL_ARTIFACT_FORMATS,
  type ModelArtifactFormat,
  type ModelLoadContext,
  parseRemoteModelDescriptor,
  type RemoteModelDescriptor,
  TFJS_BUNDLE_FORMAT,
} from './loadModelArtifact.js';
export { loadOnnxModel, type OnnxModelOptions } from './onnx.js';
export {
  assertNoOnnxExternalData,
  findOnnxExternalData,
  type OnnxExternalDataRef,
} from './onnxExternalData.js';
export { predictRows, type RowPredictions } from './predictRows.js';
export {
  createRemoteModel,
  type RemoteFetch,
  RemoteModelError,
  type RemoteModelOptions,
  type RemoteRequest,
  type RemoteResponse,
} from './remote.js';
export {
  createRemoteTextModel,
  isRemoteTextDescriptor,
  parseRemoteTextDescriptor,
  type RemoteTextDescriptor,
  type RemoteTextModelOptions,
  type TextModel,
  ZRemoteTextDescriptorSchema,
} from './remoteText.js';
export { createSpecModel, type TModelSpec } from './specModel.js';
export {
  loadTfjsModel,
  safeWeightPath,
  type TfjsModelFiles,
  type TfjsModelOptions,
  tfjsWeightPaths,
} from './tfjs.js';
export {
  type ColumnVariants,
  type FeatureSpec,
  isModel,
  type Model,
  type ModelInputSchema,
  type ModelOutput,
} from './types.js';
