import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { loadOnnxModel } from '../onnx.js';
import { assertNoOnnxExternalData, findOnnxExternalData } from '../onnxExternalData.js';
import { wireFields } from '../protobuf.js';

// Models built by test/fixtures/make_external_data_fixtures.py (Debian's python3-onnx 1.12).
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures');
const read = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));

describe('findOnnxExternalData(bytes)', () => {
  it('finds nothing in self-contained models (the ONNX fixtures of make_onnx_fixtures.py)', () => {
    for (const name of ['linear.onnx', 'logistic.onnx', 'mlp.onnx']) {
      expect(findOnnxExternalData(read(name)), name).toEqual([]);
    }
  });

  it('finds an initializer whose data lives in a file (the reported exploit)', () => {
    expect(findOnnxExternalData(read('external-data.onnx'))).toEqual([
      { path: "graph 'reads-a-file' › initializer 'W'", tensor: 'W', location: 'secret.bin' },
    ]);
  });

  it('finds one in a subgraph two levels down: a Loop body’s If then-branch', () => {
    expect(findOnnxExternalData(read('external-data-subgraph.onnx'))).toEqual([
      {
        path:
          "graph 'nested' › node (Loop) › attribute 'body' › g 'loop-body' › node (If) › " +
          "attribute 'then_branch' › g 'then' › initializer 'inner_W'",
        tensor: 'inner_W',
        location: 'secret.bin',
      },
    ]);
  });

  it('finds a function’s Constant value marked EXTERNAL without external_data entries', () => {
    expect(findOnnxExternalData(read('external-data-function.onnx'))).toEqual([
      {
        path: "function 'AddSecret' › node (Constant) › attribute 'value' › t 'value'",
        tensor: 'value',
        location: undefined,
      },
    ]);
  });

  it('finds a sparse initializer’s values', () => {
    expect(findOnnxExternalData(read('external-data-sparse.onnx'))).toEqual([
      {
        path: "graph 'sparse' › sparse_initializer › values 'S'",
        tensor: 'S',
        location: 'secret.bin',
      },
    ]);
  });

  it('refuses bytes that are not a protobuf message, as a parser would', () => {
    const truncated = read('external-data.onnx').subarray(0, 40);
    expect(() => findOnnxExternalData(truncated)).toThrow(InvalidInputError);
    expect(() => findOnnxExternalData(truncated)).toThrow(/^not a loadable ONNX model: /);
    expect(() => findOnnxExternalData(Uint8Array.of(0x0f))).toThrow(/wire type 7 at byte 0/);
  });

  it('refuses messages nested deeper than protobuf’s limit of 100', () => {
    // graph { node { attribute { g { node { attribute { g … } } } } } }, innermost first.
    let inner = new Uint8Array(0);
    const wrap = (field: number, body: Uint8Array) => {
      const out = new Uint8Array(body.length + 3);
      out[0] = (field << 3) | 2;
      out[1] = (body.length & 0x7f) | 0x80;
      out[2] = body.length >> 7;
      out.set(body, 3);
      return out;
    };
    for (let i = 0; i < 40; i++) inner = wrap(1, wrap(5, wrap(6, inner))); // node › attribute › g
    expect(() => findOnnxExternalData(wrap(7, inner))).toThrow(/nested more than 100 deep/);
  });
});

describe('wireFields(bytes): the protobuf wire format', () => {
  it('reads varints, fixed widths, length-delimited fields and skips groups', () => {
    // 1: varint 300; 2: "hi"; 3: fixed32; 4: group { 1: varint 1 }; 5: fixed64
    const bytes = Uint8Array.of(
      0x08,
      0xac,
      0x02,
      0x12,
      0x02,
      0x68,
      0x69,
      0x1d,
      1,
      2,
      3,
      4,
      0x23,
      0x08,
      0x01,
      0x24,
      0x29,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
    );
    expect([...wireFields(bytes)]).toEqual([
      { field: 1, wireType: 0, value: 300 },
      { field: 2, wireType: 2, start: 5, end: 7 },
      { field: 3, wireType: 5 },
      { field: 4, wireType: 3 },
      { field: 5, wireType: 1 },
    ]);
  });
});

describe('assertNoOnnxExternalData and loadOnnxModel refuse external data', () => {
  it('says external data is not allowed, which tensor, which file, and how to fix it', () => {
    expect(() => assertNoOnnxExternalData(read('external-data.onnx'))).toThrow(
      "ONNX external data is not allowed: tensor 'W' (graph 'reads-a-file' › initializer 'W') is stored in 'secret.bin'; save the model with every tensor inside it (onnx.save_model(model, path, save_as_external_data=False)) and upload that one file",
    );
    expect(() => assertNoOnnxExternalData(read('linear.onnx'))).not.toThrow();
  });

  it('loadOnnxModel refuses the exploit even with the file it names in the working directory', async () => {
    // Without the walk, onnxruntime-node 1.30 answers the file's bytes for this model (the
    // fixture script's docstring); the session options would also stop it.
    const dir = mkdtempSync(join(tmpdir(), 'assay-onnx-'));
    const cwd = process.cwd();
    try {
      writeFileSync(join(dir, 'secret.bin'), 'ABCDEFGHIJKLMNOP');
      process.chdir(dir);
      await expect(loadOnnxModel(read('external-data.onnx'))).rejects.toThrow(
        /^ONNX external data is not allowed: tensor 'W'/,
      );
      for (const name of [
        'external-data-subgraph.onnx',
        'external-data-function.onnx',
        'external-data-sparse.onnx',
      ]) {
        await expect(loadOnnxModel(read(name)), name).rejects.toThrow(
          /^ONNX external data is not allowed/,
        );
      }
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
