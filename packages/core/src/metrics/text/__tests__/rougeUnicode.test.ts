import { describe, expect, it } from 'vitest';
import { rouge, rougeTokenize } from '../rouge.js';

describe("rouge tokenizer 'unicode'", () => {
  it('keeps non-Latin words that the reference tokenizer drops', () => {
    expect(rougeTokenize('Привет, мир! Café', false)).toEqual(['caf']);
    expect(rougeTokenize('Привет, мир! Café', false, 'unicode')).toEqual(['привет', 'мир', 'café']);
  });

  it('scores Cyrillic text (0 with the default tokenizer) and says so in the signature', () => {
    const reference = rouge(['кошка сидит'], ['кошка спит'], { rougeTypes: ['rouge1'] });
    const unicode = rouge(['кошка сидит'], ['кошка спит'], {
      rougeTypes: ['rouge1'],
      tokenizer: 'unicode',
    });
    expect(reference.mean.rouge1?.fmeasure).toBe(0);
    expect(unicode.mean.rouge1?.fmeasure).toBe(0.5);
    expect(unicode.signature).toContain('tok:unicode');
    expect(reference.signature).toContain('tok:rouge-score');
  });
});
