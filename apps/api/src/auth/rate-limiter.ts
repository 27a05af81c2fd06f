/**
 * Token buckets per API key: `ratePerSecond` tokens refill continuously up to `burst`. A request
 * takes one token; without one it is refused with the seconds until the next token.
 * In-process: with several API processes, each enforces its own share.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now() / 1000,
  ) {}

  get enabled(): boolean {
    return this.ratePerSecond > 0;
  }

  /** Like `take`, without taking: null when a token is there, else the seconds to wait. */
  peek(id: string): number | null {
    if (!this.enabled) return null;
    const b = this.buckets.get(id);
    if (b === undefined) return null;
    const tokens = Math.min(this.burst, b.tokens + (this.now() - b.at) * this.ratePerSecond);
    return tokens >= 1 ? null : (1 - tokens) / this.ratePerSecond;
  }

  /** Null when the request may go on, else the seconds to wait. */
  take(id: string): number | null {
    if (!this.enabled) return null;
    const t = this.now();
    const b = this.buckets.get(id) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * this.ratePerSecond);
    b.at = t;
    this.buckets.set(id, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    if (this.buckets.size > 100_000) this.prune(t);
    return (1 - b.tokens) / this.ratePerSecond;
  }

  /** Forget buckets that have refilled completely: they hold no information. */
  private prune(t: number): void {
    for (const [id, b] of this.buckets) {
      if (b.tokens + (t - b.at) * this.ratePerSecond >= this.burst) this.buckets.delete(id);
    }
  }
}
