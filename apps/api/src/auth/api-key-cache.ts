import { createHash } from 'node:crypto';
import type { ApiKey, Registry } from '@assay/registry';

const hashOf = (plaintext: string) => createHash('sha256').update(plaintext).digest('base64url');

/**
 * Remembers which keys authenticated, for `ttlMs`, so that a notebook calling in a loop costs
 * one database lookup per key every few seconds instead of one per request. A revoked key keeps
 * working for at most `ttlMs` in another API process; this process forgets it at once
 * (`forget`). Unknown keys are not cached, so a key created a moment ago works immediately.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { apiKey: ApiKey; expires: number }>();
  /** Lookups in flight: when an entry expires under load, its concurrent requests share one. */
  private readonly pending = new Map<string, Promise<ApiKey | null>>();

  constructor(
    private readonly registry: Registry,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key if it authenticated within the last `ttlMs`, without a database lookup. */
  cached(plaintext: string): ApiKey | null {
    const hit = this.entries.get(hashOf(plaintext));
    return hit && hit.expires > this.now() ? hit.apiKey : null;
  }

  async authenticate(plaintext: string): Promise<ApiKey | null> {
    const id = hashOf(plaintext);
    const hit = this.entries.get(id);
    if (hit && hit.expires > this.now()) return hit.apiKey;
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight;
    const lookup = this.lookup(id, plaintext);
    this.pending.set(id, lookup);
    try {
      return await lookup;
    } finally {
      this.pending.delete(id);
    }
  }

  private async lookup(id: string, plaintext: string): Promise<ApiKey | null> {
    const apiKey = await this.registry.apiKeys.authenticate(plaintext);
    if (apiKey && this.ttlMs > 0) {
      if (this.entries.size >= 10_000) this.entries.clear();
      this.entries.set(id, { apiKey, expires: this.now() + this.ttlMs });
    } else {
      this.entries.delete(id);
    }
    return apiKey;
  }

  /** Drops a key at once (after it is revoked through this process). */
  forget(apiKeyId: string): void {
    for (const [id, entry] of this.entries)
      if (entry.apiKey.id === apiKeyId) this.entries.delete(id);
  }
}
