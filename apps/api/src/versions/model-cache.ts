/**
 * Loaded models by version, least recently used first out. Loading a serialized model (parsing
 * ONNX, building a TF.js graph) costs far more than predicting a batch, so a version is loaded
 * once and reused; concurrent first requests share one load. Evicted models are disposed (when
 * they have `dispose`). The API keeps verified artifact bytes in one, each compute thread its
 * loaded models.
 */
export class ModelCache<M extends object> {
  private readonly entries = new Map<string, Promise<M>>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The model cached under `key` (a version id and checksum), loading it on first use. */
  async get(key: string, load: () => Promise<M>): Promise<M> {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const loading = load();
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      const evicted = this.entries.get(oldest);
      this.entries.delete(oldest);
      void evicted
        ?.then((m) => (m as { dispose?(): void | Promise<void> }).dispose?.())
        .catch(() => undefined);
    }
    return loading;
  }
}
