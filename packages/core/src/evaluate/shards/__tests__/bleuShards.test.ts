import { describe, expect, it } from 'vitest';
import { corpusBleu } from '../../../metrics/text/bleu.js';
import { type BleuShardState, bleuShard, finishBleuShards } from '../bleuShards.js';

/** mulberry32, so that every run draws the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'dog', 'ran', 'fast', 'home', 'Red', 'blue,'];

function corpus(segments: number, seed: number) {
  const rand = random(seed);
  const sentence = () =>
    Array.from(
      { length: 1 + Math.floor(rand() * 12) },
      () => WORDS[Math.floor(rand() * WORDS.length)],
    ).join(' ');
  const hypotheses = Array.from({ length: segments }, sentence);
  // one to three references per segment ('var' nrefs), some close to the hypothesis
  const references = hypotheses.map((h) =>
    Array.from({ length: 1 + Math.floor(rand() * 3) }, () =>
      rand() < 0.5 ? `${h} .` : sentence(),
    ),
  );
  return { hypotheses, references };
}

describe('bleuShard + finishBleuShards equal corpusBleu on the whole corpus', () => {
  const { hypotheses, references } = corpus(301, 5);
  const cuts = [[301], [0, 301], [1, 0, 150, 1, 149], [100, 100, 101], [7, 13, 0, 280, 1]];
  for (const options of [
    {},
    { smoothMethod: 'floor' as const },
    { lowercase: true, tokenize: 'intl' as const },
  ]) {
    it(`bit for bit, any split and order (options ${JSON.stringify(options)})`, () => {
      const whole = corpusBleu(hypotheses, references, options);
      for (const sizes of cuts) {
        const states: BleuShardState[] = [];
        let start = 0;
        for (const size of sizes) {
          states.push(
            JSON.parse(
              JSON.stringify(
                bleuShard(
                  hypotheses.slice(start, start + size),
                  references.slice(start, start + size),
                  options,
                ),
              ),
            ),
          );
          start += size;
        }
        expect(finishBleuShards(states)).toStrictEqual(whole);
        expect(finishBleuShards([...states].reverse())).toStrictEqual(whole);
      }
    });
  }

  it('refuses shards of different options and shards without a segment', () => {
    const a = bleuShard(hypotheses.slice(0, 3), references.slice(0, 3));
    const b = bleuShard(hypotheses.slice(3, 6), references.slice(3, 6), { lowercase: true });
    expect(() => finishBleuShards([a, b])).toThrow('different BLEU options');
    expect(() => finishBleuShards([bleuShard([], [])])).toThrow('hypotheses is empty');
  });
});
