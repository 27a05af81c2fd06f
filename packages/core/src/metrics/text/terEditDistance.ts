/**
 * The TER edit distance with shifts, ported from sacrebleu 2.6.0 `metrics/lib_ter.py` (itself
 * following Tercom): a beam-limited Levenshtein distance with an edit trace, a prefix cache of
 * matrix rows (kept because, as in sacrebleu, cached rows can have been computed with another
 * beam position, which can change results on long sentences), and greedy shifts ranked as Tercom
 * ranks them.
 */

const COST_INS = 1;
const COST_DEL = 1;
const COST_SUB = 1;
const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const BEAM_WIDTH = 25;
const MAX_CACHE_SIZE = 10000;
const MAX_SHIFT_CANDIDATES = 1000;
const INT_INFINITY = 1e16;

type Op = 'i' | 'd' | ' ' | 's' | 'x';
type Cell = readonly [cost: number, op: Op];
type Row = Cell[];
interface CacheNode {
  children: Map<string, { node: CacheNode; row: readonly Cell[] }>;
}

class BeamEditDistance {
  private readonly ref: readonly string[];
  private readonly initialRow: Row;
  private readonly emptyRow: Row;
  private readonly cache: CacheNode = { children: new Map() };
  private cacheSize = 0;

  constructor(ref: readonly string[]) {
    this.ref = ref;
    this.initialRow = Array.from(
      { length: ref.length + 1 },
      (_, i) => [i * COST_INS, 'i'] as const,
    );
    this.emptyRow = new Array<Cell>(ref.length + 1).fill([INT_INFINITY, 'x']);
  }

  /** Edit distance from the hypothesis to the reference and its trace of operations. */
  distance(hyp: readonly string[]): [number, string] {
    const [start, cached] = this.findCache(hyp);
    const [distance, newRows, trace] = this.editDistance(hyp, start, cached);
    this.addCache(hyp, newRows);
    return [distance, trace];
  }

  private editDistance(
    hyp: readonly string[],
    startH: number,
    cache: (readonly Cell[])[],
  ): [number, (readonly Cell[])[], string] {
    const nH = hyp.length;
    const nR = this.ref.length;
    const dist: Row[] = cache.map((row) => [...row]);
    for (let k = 0; k < nH - startH; k++) dist.push([...this.emptyRow]);
    const lengthRatio = nH > 0 ? nR / nH : 1;
    const beamWidth =
      BEAM_WIDTH < lengthRatio / 2 ? Math.ceil(lengthRatio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
    for (let i = startH + 1; i <= nH; i++) {
      const pseudoDiag = Math.floor(i * lengthRatio);
      const minJ = Math.max(0, pseudoDiag - beamWidth);
      const maxJ = i === nH ? nR + 1 : Math.min(nR + 1, pseudoDiag + beamWidth);
      const row = dist[i] as Row;
      const prev = dist[i - 1] as Row;
      for (let j = minJ; j < maxJ; j++) {
        if (j === 0) {
          row[j] = [(prev[j] as Cell)[0] + COST_DEL, 'd'];
          continue;
        }
        const same = hyp[i - 1] === this.ref[j - 1];
        // Tercom prefers no-op/substitution, then insertion, then deletion; the trace is
        // flipped later, hence deletion before insertion here.
        const ops: Cell[] = [
          [(prev[j - 1] as Cell)[0] + (same ? 0 : COST_SUB), same ? ' ' : 's'],
          [(prev[j] as Cell)[0] + COST_DEL, 'd'],
          [(row[j - 1] as Cell)[0] + COST_INS, 'i'],
        ];
        for (const op of ops) {
          if ((row[j] as Cell)[0] > op[0]) row[j] = op;
        }
      }
    }
    let trace = '';
    let i = nH;
    let j = nR;
    while (i > 0 || j > 0) {
      const op = ((dist[i] as Row)[j] as Cell)[1];
      trace = op + trace;
      if (op === 's' || op === ' ') {
        i--;
        j--;
      } else if (op === 'i') {
        j--;
      } else if (op === 'd') {
        i--;
      } else {
        throw new Error(`TER: unknown edit operation ${JSON.stringify(op)}`);
      }
    }
    return [((dist[nH] as Row)[nR] as Cell)[0], dist.slice(cache.length), trace];
  }

  private addCache(hyp: readonly string[], rows: (readonly Cell[])[]): void {
    if (this.cacheSize >= MAX_CACHE_SIZE) return;
    let node = this.cache;
    const skip = hyp.length - rows.length;
    for (let i = 0; i < skip; i++) {
      node = (node.children.get(hyp[i] as string) as { node: CacheNode }).node;
    }
    rows.forEach((row, k) => {
      const word = hyp[skip + k] as string;
      let entry = node.children.get(word);
      if (entry === undefined) {
        entry = { node: { children: new Map() }, row: [...row] };
        node.children.set(word, entry);
        this.cacheSize++;
      }
      node = entry.node;
    });
  }

  private findCache(hyp: readonly string[]): [number, (readonly Cell[])[]] {
    let node = this.cache;
    let start = 0;
    const dist: (readonly Cell[])[] = [this.initialRow];
    for (const word of hyp) {
      const entry = node.children.get(word);
      if (entry === undefined) break;
      start++;
      node = entry.node;
      dist.push(entry.row);
    }
    return [start, dist];
  }
}

/** Alignment of reference positions to hypothesis positions and the error flags of both. */
function traceToAlignment(trace: string): {
  align: Map<number, number>;
  refErr: number[];
  hypErr: number[];
} {
  let posHyp = -1;
  let posRef = -1;
  const align = new Map<number, number>();
  const refErr: number[] = [];
  const hypErr: number[] = [];
  for (const op of trace) {
    if (op === ' ' || op === 's') {
      posHyp++;
      posRef++;
      align.set(posRef, posHyp);
      const err = op === 's' ? 1 : 0;
      hypErr.push(err);
      refErr.push(err);
    } else if (op === 'i') {
      posHyp++;
      hypErr.push(1);
    } else if (op === 'd') {
      posRef++;
      align.set(posRef, posHyp);
      refErr.push(1);
    }
  }
  return { align, refErr, hypErr };
}

function* shiftedPairs(
  h: readonly string[],
  r: readonly string[],
): Generator<[number, number, number]> {
  for (let startH = 0; startH < h.length; startH++) {
    for (let startR = 0; startR < r.length; startR++) {
      if (Math.abs(startR - startH) > MAX_SHIFT_DIST) continue;
      let length = 0;
      while (h[startH + length] === r[startR + length] && length < MAX_SHIFT_SIZE) {
        length++;
        yield [startH, startR, length];
        if (h.length === startH + length || r.length === startR + length) break;
      }
    }
  }
}

function performShift(
  words: readonly string[],
  start: number,
  length: number,
  target: number,
): string[] {
  if (target < start) {
    return [
      ...words.slice(0, target),
      ...words.slice(start, start + length),
      ...words.slice(target, start),
      ...words.slice(start + length),
    ];
  }
  if (target > start + length) {
    return [
      ...words.slice(0, start),
      ...words.slice(start + length, target),
      ...words.slice(start, start + length),
      ...words.slice(target),
    ];
  }
  return [
    ...words.slice(0, start),
    ...words.slice(start + length, length + target),
    ...words.slice(start, start + length),
    ...words.slice(length + target),
  ];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The best single shift (sacrebleu `_shift`): [gain, shifted words, candidates checked]. */
function bestShift(
  h: readonly string[],
  r: readonly string[],
  ed: BeamEditDistance,
  checkedBefore: number,
): [number, readonly string[], number] {
  let checked = checkedBefore;
  const [preScore, invTrace] = ed.distance(h);
  const trace = invTrace.replace(/[id]/g, (op) => (op === 'i' ? 'd' : 'i'));
  const { align, refErr, hypErr } = traceToAlignment(trace);
  let best: [number, number, number, number, readonly string[]] | undefined;
  for (const [startH, startR, length] of shiftedPairs(h, r)) {
    if (sum(hypErr.slice(startH, startH + length)) === 0) continue;
    if (sum(refErr.slice(startR, startR + length)) === 0) continue;
    const aligned = align.get(startR) as number;
    if (startH <= aligned && aligned < startH + length) continue;
    let prevIdx = -1;
    for (let offset = -1; offset < length; offset++) {
      let idx: number;
      if (startR + offset === -1) {
        idx = 0;
      } else if (align.has(startR + offset)) {
        idx = (align.get(startR + offset) as number) + 1;
      } else {
        break;
      }
      if (idx === prevIdx) continue;
      prevIdx = idx;
      const shifted = performShift(h, startH, length, idx);
      const candidate: [number, number, number, number, readonly string[]] = [
        preScore - (ed.distance(shifted)[0] as number),
        length,
        -startH,
        -idx,
        shifted,
      ];
      checked++;
      if (best === undefined || isGreater(candidate, best)) best = candidate;
    }
    if (checked >= MAX_SHIFT_CANDIDATES) break;
  }
  return best === undefined ? [0, h, checked] : [best[0], best[4], checked];
}

/** Python tuple order on (gain, length, −startH, −idx, words). */
function isGreater(
  a: readonly [number, number, number, number, readonly string[]],
  b: readonly [number, number, number, number, readonly string[]],
): boolean {
  for (let k = 0; k < 4; k++) {
    if (a[k] !== b[k]) return (a[k] as number) > (b[k] as number);
  }
  const wa = a[4];
  const wb = b[4];
  for (let k = 0; k < Math.min(wa.length, wb.length); k++) {
    if (wa[k] !== wb[k]) return (wa[k] as string) > (wb[k] as string);
  }
  return wa.length > wb.length;
}

/**
 * Number of edits (insertions, deletions, substitutions, shifts of word blocks) turning the
 * hypothesis into the reference, and the reference length (sacrebleu `translation_edit_rate`).
 */
export function translationEditRate(
  hyp: readonly string[],
  ref: readonly string[],
): [number, number] {
  if (ref.length === 0) return [hyp.length, 0];
  const ed = new BeamEditDistance(ref);
  let shifts = 0;
  let input = hyp;
  let checked = 0;
  for (;;) {
    const [delta, shifted, nowChecked] = bestShift(input, ref, ed, checked);
    checked = nowChecked;
    if (checked >= MAX_SHIFT_CANDIDATES || delta <= 0) break;
    shifts++;
    input = shifted;
  }
  const [distance] = ed.distance(input);
  return [shifts + distance, ref.length];
}
