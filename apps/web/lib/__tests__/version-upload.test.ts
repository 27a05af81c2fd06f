import { describe, expect, it } from 'vitest';
import {
  missingArtifact,
  PASTABLE_FORMATS,
  parseClasses,
  parseFeatures,
  tfjsBundle,
  VERSION_FORMATS,
  versionMetadata,
} from '../version-upload';

describe('version upload form', () => {
  it('builds the API’s metadata from the form’s fields', () => {
    const fields: Record<string, string> = {
      features: 'tenure:numeric, plan:categorical, spend',
      outputKind: 'probability',
      classes: '0, 1',
      tags: 'framework=sklearn, owner=risk',
      sourceRunId: 'r1',
    };
    expect(versionMetadata((n) => fields[n] ?? '')).toEqual({
      inputSignature: {
        features: [
          { name: 'tenure', type: 'numeric' },
          { name: 'plan', type: 'categorical' },
          { name: 'spend', type: 'numeric' },
        ],
      },
      outputSignature: { kind: 'probability', classes: [0, 1] },
      tags: { framework: 'sklearn', owner: 'risk' },
      sourceRunId: 'r1',
    });
    expect(versionMetadata(() => '')).toEqual({});
  });

  it('offers every artifact format the API loads, AutoML pipelines included, as a file', () => {
    expect(VERSION_FORMATS).toEqual(['json', 'onnx', 'tfjs', 'remote', 'automl']);
    expect(PASTABLE_FORMATS).not.toContain('automl');
    const fault = missingArtifact('automl');
    expect(fault.field).toBe('artifact');
    expect(fault.message).toMatch(/AutoML artifact/);
    expect(missingArtifact('onnx').message).toBe('Choose the .onnx file');
  });

  it('says what to fix', () => {
    expect(() => parseFeatures('a:float')).toThrow(/type 'float'/);
    expect(() =>
      versionMetadata((n) => ({ outputKind: 'probability', classes: 'a,b,c' })[n] ?? ''),
    ).toThrow(/two classes \(got 3\)/);
    expect(parseClasses('yes, no')).toEqual(['yes', 'no']);
  });

  it('bundles a TF.js folder: model.json verbatim, each shard in base64', () => {
    const modelJson = {
      modelTopology: {},
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }],
    };
    const bundle = JSON.parse(
      new TextDecoder().decode(
        tfjsBundle(
          [
            { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(modelJson)) },
            { name: 'group1-shard1of1.bin', bytes: new Uint8Array([1, 2, 3]) },
          ],
          {
            outputSignature: { kind: 'regression', nOutputs: 1 },
            inputSignature: { features: [{ name: 'a', type: 'numeric' }] },
          },
        ),
      ),
    );
    expect(bundle).toEqual({
      format: 'assay-tfjs-bundle',
      modelJson,
      weights: { 'group1-shard1of1.bin': 'AQID' },
      output: { kind: 'regression', nOutputs: 1 },
      featureNames: ['a'],
    });
    expect(() =>
      tfjsBundle(
        [{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(modelJson)) }],
        {},
      ),
    ).toThrow(/group1-shard1of1.bin/);
  });
});
