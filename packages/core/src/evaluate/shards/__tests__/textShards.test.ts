import { describe, expect, it } from 'vitest';
import { chrf } from '../../../metrics/text/chrf.js';
import { ter } from '../../../metrics/text/ter.js';
import { type ChrfShardState, chrfShard, finishChrfShards } from '../chrfShards.js';
import { finishTerShards, type TerShardState, terShard } from '../terShards.js';

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

function corpus(segments: number, seed: number, maxRefs: number) {
  const rand = random(seed);
  const sentence = () =>
    Array.from(
      { length: 1 + Math.floor(rand() * 12) },
      () => WORDS[Math.floor(rand() * WORDS.length)],
    ).join(' ');
  const hypotheses = Array.from({ length: segments }, sentence);
  const references = hypotheses.map((h) =>
    Array.from({ length: 1 + Math.floor(rand() * maxRefs) }, () =>
      rand() < 0.5 ? `${h} (Ok).` : sentence(),
    ),
  );
  return { hypotheses, references };
}

const CUTS = [[301], [0, 301], [1, 0, 150, 1, 149], [100, 100, 101], [7, 13, 0, 280, 1]];

/** The shards of each cut, as JSON (they are stored as job results), in reverse order too. */
function shardings<S>(
  hypotheses: string[],
  references: string[][],
  shard: (h: string[], r: string[][]) => S,
): S[][] {
  return CUTS.flatMap((sizes) => {
    const states: S[] = [];
    let start = 0;
    for (const size of sizes) {
      const h = hypotheses.slice(start, start + size);
      const r = references.slice(start, start + size);
      states.push(JSON.parse(JSON.stringify(shard(h, r))));
      start += size;
    }
    return [states, [...states].reverse()];
  });
}

describe('chrfShard + finishChrfShards equal chrf on the whole corpus', () => {
  const { hypotheses, references } = corpus(301, 11, 3);
  for (const options of [{}, { wordOrder: 2 }, { lowercase: true, beta: 1, charOrder: 4 }]) {
    it(`bit for bit, any split and order (options ${JSON.stringify(options)})`, () => {
      const whole = chrf(hypotheses, references, options);
      expect(whole.score).toBeGreaterThan(0);
      for (const states of shardings(hypotheses, references, (h, r) => chrfShard(h, r, options)))
        expect(finishChrfShards(states)).toEqual(whole);
    });
  }

  it('refuses shards counted with other options, no shard, or no segment', () => {
    const a = chrfShard(['a b'], [['a b']]);
    const b = chrfShard(['a b'], [['a b']], { wordOrder: 2 });
    expect(() => finishChrfShards([a, b])).toThrow('different chrF options');
    expect(() => finishChrfShards([])).toThrow('states is empty');
    expect(() => finishChrfShards([chrfShard([], [])])).toThrow('hypotheses is empty');
    expect(() => chrfShard(['x'], [[]])).toThrow('references[0] is empty');
    expect(() => chrfShard([], [], { beta: 0 } as ChrfShardState['options'])).toThrow('beta is 0');
  });
});

describe('terShard + finishTerShards equal ter on the whole corpus', () => {
  it('bit for bit with one reference per segment (integer lengths)', () => {
    const { hypotheses, references } = corpus(301, 5, 1);
    for (const options of [{}, { caseSensitive: true, noPunct: true }]) {
      const whole = ter(hypotheses, references, options);
      for (const states of shardings(hypotheses, references, (h, r) => terShard(h, r, options)))
        expect(finishTerShards(states)).toEqual(whole);
    }
  });

  it('with several references: edits exactly, mean lengths summed exactly (within 1e-12 of ter)', () => {
    const { hypotheses, references } = corpus(301, 9, 3);
    const whole = ter(hypotheses, references);
    for (const states of shardings(hypotheses, references, (h, r) => terShard(h, r))) {
      const merged = finishTerShards(states as TerShardState[]);
      expect(merged.numEdits).toBe(whole.numEdits);
      expect(merged.signature).toBe(whole.signature);
      expect(Math.abs(merged.refLength - whole.refLength) / whole.refLength).toBeLessThan(1e-12);
      expect(Math.abs(merged.score - whole.score) / whole.score).toBeLessThan(1e-12);
    }
  });

  it('refuses shards counted with other options', () => {
    const a = terShard(['a b'], [['a b']]);
    const b = terShard(['a b'], [['a b']], { caseSensitive: true });
    expect(() => finishTerShards([a, b])).toThrow('different TER options');
  });
});
