import type { RandomState } from '../../linalg/randomState.js';
import type { Hyperparameters } from '../learners/types.js';
import type { UnitSpace } from './space.js';

/**
 * FLOW2, the randomized direct search at the heart of FLAML's CFO (Wu, Wang, Huang: "Frugal
 * Optimization for Cost-related Hyperparameters", AAAI 2021), written from the paper: start at
 * the low-cost point; propose x + δu for a random unit direction u, and x − δu if that fails;
 * move on improvement; after 2^(d−1) consecutive failed directions shrink δ (×0.5 here); when δ
 * falls below the space's resolution, restart from a random point. Since the start is the cheap
 * corner and moves are local, cost grows only as far as it pays.
 *
 * `startingPoints` are evaluated right after the low-cost start, before the local search, and
 * the best of them all becomes the incumbent (FLAML's `points_to_evaluate`; AutoGluon likewise
 * tries each model's default settings first): a family's usual defaults are often a better
 * place to search from than the cheap corner, which on a short budget the local search would
 * take many steps to leave. A starting point the run cannot afford is dropped ({@link skip}).
 */
export class Flow2 {
  private incumbent: Float64Array;
  private bestLoss = Number.POSITIVE_INFINITY;
  private step: number;
  private failures = 0;
  private direction: Float64Array | undefined;
  private reverse = false;
  private pending: Float64Array | undefined;
  private pendingIsStart = false;
  private readonly dims: number;
  private readonly starts: Float64Array[];

  constructor(
    private readonly space: UnitSpace,
    init: Hyperparameters,
    private readonly rng: RandomState,
    startingPoints: readonly Hyperparameters[] = [],
  ) {
    this.incumbent = space.toUnit(init);
    this.dims = space.names.length;
    this.step = 0.1 * Math.sqrt(Math.max(1, this.dims));
    this.starts = startingPoints.map((p) => space.toUnit(p));
  }

  /** True when the last proposal is one of the starting points (which {@link skip} may drop). */
  get proposingStart(): boolean {
    return this.pendingIsStart;
  }

  /** Forgets the last proposal without a loss (a starting point the run cannot afford). */
  skip(): void {
    this.pending = undefined;
    this.pendingIsStart = false;
  }

  /** The next configuration to try. */
  propose(): Hyperparameters {
    this.pendingIsStart = false;
    if (this.bestLoss === Number.POSITIVE_INFINITY || this.dims === 0) {
      this.pending = this.incumbent;
      return this.space.fromUnit(this.incumbent);
    }
    const start = this.starts.shift();
    if (start !== undefined) {
      this.pending = start;
      this.pendingIsStart = true;
      return this.space.fromUnit(start);
    }
    if (!this.reverse || this.direction === undefined) {
      // A uniformly random direction: a normalised Gaussian vector (Box–Muller on the seeded MT).
      const u = new Float64Array(this.dims);
      let norm = 0;
      for (let k = 0; k < this.dims; k++) {
        const g =
          Math.sqrt(-2 * Math.log(1 - this.rng.random())) *
          Math.cos(2 * Math.PI * this.rng.random());
        u[k] = g;
        norm += g * g;
      }
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < this.dims; k++) u[k] = (u[k] as number) / norm;
      this.direction = u;
    }
    const sign = this.reverse ? -1 : 1;
    const point = this.incumbent.map((v, k) =>
      Math.min(
        1,
        Math.max(0, v + sign * this.step * ((this.direction as Float64Array)[k] as number)),
      ),
    );
    this.pending = point;
    return this.space.fromUnit(point);
  }

  /** The loss of the last proposal (Infinity when the trial failed or was pruned). */
  observe(loss: number): void {
    const point = this.pending;
    if (point === undefined) return;
    this.pending = undefined;
    if (this.pendingIsStart) {
      // A starting point moves the incumbent when better, and costs the local search no failure.
      this.pendingIsStart = false;
      if (loss < this.bestLoss) {
        this.bestLoss = loss;
        this.incumbent = point;
      }
      return;
    }
    if (loss < this.bestLoss) {
      this.bestLoss = loss;
      this.incumbent = point;
      this.failures = 0;
      this.reverse = false;
      return;
    }
    if (this.bestLoss === Number.POSITIVE_INFINITY) {
      // The starting point itself failed: start again from a random point rather than retry it.
      this.incumbent = Float64Array.from({ length: this.dims }, () => this.rng.random());
      return;
    }
    if (!this.reverse) {
      this.reverse = true;
      return;
    }
    this.reverse = false;
    this.failures++;
    if (this.failures >= 2 ** Math.max(0, this.dims - 1)) {
      this.failures = 0;
      this.step *= 0.5;
      if (this.step < this.space.resolution) {
        // Converged here: restart from a random point with a fresh step (FLAML restarts too).
        this.incumbent = Float64Array.from({ length: this.dims }, () => this.rng.random());
        this.bestLoss = Number.POSITIVE_INFINITY;
        this.step = 0.1 * Math.sqrt(Math.max(1, this.dims));
      }
    }
  }
}
