/**
 * The public surface of the ./explain and ./models subpaths, written out literally (the root list
 * is in exports.test.ts): any change to what they export must show up here in review.
 */
import { describe, expect, it } from 'vitest';
import * as explain from '../src/explain/index.js';
import * as models from '../src/models/index.js';

describe('./explain and ./models exports', () => {
  it('./explain exports exactly the intended names', () => {
    expect(Object.keys(explain).sort()).toEqual(
      [
        'EXPLAIN_SIGNATURE_VERSION',
        'SCORERS',
        'explain',
        'fitSurrogate',
        'getExplainer',
        'listExplainers',
        'permutationImportance',
        'shapValues',
        'surrogateFidelity',
      ].sort(),
    );
  });

  it('./models exports exactly the intended names', () => {
    expect(Object.keys(models).sort()).toEqual(
      [
        'MODEL_ARTIFACT_FORMATS',
        'RemoteModelError',
        'TFJS_BUNDLE_FORMAT',
        'assertNoOnnxExternalData',
        'createRemoteModel',
        'createSpecModel',
        'findOnnxExternalData',
        'isModel',
        'loadModelArtifact',
        'loadOnnxModel',
        'loadTfjsModel',
        'parseRemoteModelDescriptor',
        'predictRows',
        'safeWeightPath',
        'tfjsWeightPaths',
        'toMatrix',
        'ZFeatureRowsSchema',
        'featureRowsToMatrix',
        'findFeatureColumns',
        'matchFeatureColumns',
        // Remote text models (text batch tests): KServe v2 BYTES and OpenAI-compatible completions.
        'ZRemoteTextDescriptorSchema',
        'createRemoteTextModel',
        'isRemoteTextDescriptor',
        'parseRemoteTextDescriptor',
      ].sort(),
    );
  });
});
