export { loadTensorFlow, type TensorFlowRuntime, tensorflowBackendName } from './tensorflow.js';
