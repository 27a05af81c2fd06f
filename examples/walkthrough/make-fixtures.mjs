// Writes the walkthrough's files (README.md, "Walk through the whole loop"):
// - churn.tfjs.json: a TensorFlow.js layers model (Dense(1, sigmoid) on features a, b, c with
//   fixed weights) saved with tf.io.withSaveHandler and bundled as Assay's tfjs artifact
//   ({ format: "assay-tfjs-bundle", modelJson, weights (base64), output, featureNames });
// - holdout.csv: 40 labelled rows (a, b, c, y) from a seeded generator, to batch-test on.
// The ONNX classifier is the core's fixture, packages/core/test/fixtures/logistic.onnx.
// Run from the repository root after an install: node examples/walkthrough/make-fixtures.mjs
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../../packages/core/package.json'));
const tf = require('@tensorflow/tfjs');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [3], activation: 'sigmoid' }));
model.setWeights([tf.tensor2d([[1.2], [-0.8], [0.5]]), tf.tensor1d([0.1])]);
let saved;
await model.save(
  tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }),
);
const path = 'group1-shard1of1.bin';
const bundle = {
  format: 'assay-tfjs-bundle',
  modelJson: {
    modelTopology: saved.modelTopology,
    format: 'layers-model',
    generatedBy: saved.generatedBy,
    convertedBy: null,
    weightsManifest: [{ paths: [path], weights: saved.weightSpecs }],
  },
  weights: { [path]: Buffer.from(saved.weightData).toString('base64') },
  output: { kind: 'probability', classes: [0, 1] },
  featureNames: ['a', 'b', 'c'],
};
writeFileSync(join(here, 'churn.tfjs.json'), `${JSON.stringify(bundle)}\n`);

// A seeded linear congruential generator: the same rows on every run.
let state = 20261205;
const uniform = () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
};
const rows = ['a,b,c,y'];
for (let i = 0; i < 40; i++) {
  const [a, b, c] = [0, 1, 2].map(() => Math.round((uniform() * 4 - 2) * 1000) / 1000);
  const logit = 1.2 * a - 0.8 * b + 0.5 * c + 0.1 + (uniform() - 0.5) * 1.5;
  rows.push(`${a},${b},${c},${logit > 0 ? 1 : 0}`);
}
writeFileSync(join(here, 'holdout.csv'), `${rows.join('\n')}\n`);
