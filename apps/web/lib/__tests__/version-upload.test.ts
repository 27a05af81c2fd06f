import { describe, expect, it } from 'vitest';
import {
  missingArtifact,
  PASTABLE_FORMATS,
  parseClasses,
  parseFeatures,
  remoteTextDescriptor,
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

describe('remoteTextDescriptor(field)', () => {
  const from = (fields: Record<string, string>) => () =>
    remoteTextDescriptor((n) => fields[n] ?? '');

  it('spells out a KServe v2 BYTES endpoint with its tensor names, and an OpenAI one with max_tokens', () => {
    expect(
      from({
        textProtocol: 'kserve-v2',
        textUrl: 'http://llm:8080',
        textModelName: 'writer',
        textModelVersion: '3',
        textInputName: 'prompt',
        textOutputName: 'answer',
        textTimeoutMs: '5000',
        textBatchSize: '8',
      })(),
    ).toEqual({
      url: 'http://llm:8080',
      protocol: 'kserve-v2',
      modelName: 'writer',
      output: { kind: 'text' },
      modelVersion: '3',
      inputName: 'prompt',
      outputName: 'answer',
      timeoutMs: 5000,
      batchSize: 8,
    });
    expect(
      from({
        textProtocol: 'openai-completions',
        textUrl: 'http://llm:8000',
        textModelName: 'writer',
        textMaxTokens: '64',
      })(),
    ).toEqual({
      url: 'http://llm:8000',
      protocol: 'openai-completions',
      modelName: 'writer',
      output: { kind: 'text' },
      maxTokens: 64,
    });
  });

  it('says which field to fix', () => {
    const base = { textProtocol: 'openai-completions', textUrl: 'http://x', textModelName: 'm' };
    const fault = (fields: Record<string, string>) => {
      try {
        from(fields)();
      } catch (err) {
        return { field: (err as { field: string }).field, message: (err as Error).message };
      }
      throw new Error('expected a FormFault');
    };
    expect(fault({ ...base, textProtocol: 'grpc' })).toEqual({
      field: 'textProtocol',
      message: 'Choose the protocol: kserve-v2 or openai-completions',
    });
    expect(fault({ ...base, textUrl: '' }).field).toBe('textUrl');
    expect(fault({ ...base, textModelName: '' }).field).toBe('textModelName');
    expect(fault({ ...base, textMaxTokens: '2.5' })).toEqual({
      field: 'textMaxTokens',
      message: "Max tokens is a whole number (got '2.5')",
    });
    expect(fault({ ...base, textInputName: 'x' })).toEqual({
      field: 'textInputName',
      message: 'The input tensor is not used by openai-completions; leave it empty',
    });
  });
});
