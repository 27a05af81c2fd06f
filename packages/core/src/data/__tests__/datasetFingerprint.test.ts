import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { datasetFingerprint } from '../datasetFingerprint.js';
import { parseDataset } from '../parseDataset.js';

const DATASETS =
  process.env.ASSAY_DATASETS_DIR ??
  fileURLToPath(new URL('../../../../../fixtures/datasets', import.meta.url));

describe('datasetFingerprint(bytes, table)', () => {
  it('iris.csv: the sha256sum of the file, 150 rows and the typed columns', () => {
    const bytes = readFileSync(`${DATASETS}/iris.csv`);
    // sha256sum fixtures/datasets/iris.csv
    expect(datasetFingerprint(bytes, parseDataset(bytes, { format: 'csv' }))).toEqual({
      sha256: '27ae50b33722da23f76475e7fd89b5e0282574d3cce570f1ae2d8773d596278b',
      rows: 150,
      columns: [
        { name: 'sepal_length_cm', kind: 'numeric' },
        { name: 'sepal_width_cm', kind: 'numeric' },
        { name: 'petal_length_cm', kind: 'numeric' },
        { name: 'petal_width_cm', kind: 'numeric' },
        { name: 'species', kind: 'label' },
      ],
    });
  });

  it('one changed byte changes the hash (printf "a\\n1\\n" | sha256sum)', () => {
    const a = new TextEncoder().encode('a\n1\n');
    const b = new TextEncoder().encode('a\n2\n');
    const fa = datasetFingerprint(a, parseDataset(a, { format: 'csv' }));
    expect(fa.sha256).toBe('309b0e45a73d3fc5325e2b6ed0a01ef8b9cde6b05a5633c1f893f970d52bfddc');
    expect(datasetFingerprint(b, parseDataset(b, { format: 'csv' })).sha256).not.toBe(fa.sha256);
  });
});
