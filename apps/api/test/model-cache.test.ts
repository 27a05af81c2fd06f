import { describe, expect, it } from 'vitest';
import { ModelCache } from '../src/versions/model-cache.js';

const model = (name: string, disposed: string[]) => ({
  name,
  dispose: () => {
    disposed.push(name);
  },
});

describe('ModelCache', () => {
  it('loads once per key, even for concurrent first requests', async () => {
    const cache = new ModelCache<ReturnType<typeof model>>(2);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return model('a', []);
    };
    const [x, y] = await Promise.all([cache.get('a', load), cache.get('a', load)]);
    expect(x).toBe(y);
    expect(loads).toBe(1);
  });

  it('evicts and disposes the least recently used model past its capacity', async () => {
    const disposed: string[] = [];
    const cache = new ModelCache<ReturnType<typeof model>>(2);
    await cache.get('a', async () => model('a', disposed));
    await cache.get('b', async () => model('b', disposed));
    await cache.get('a', async () => model('a2', disposed)); // a is now the most recent
    await cache.get('c', async () => model('c', disposed));
    await new Promise((r) => setTimeout(r, 0));
    expect(disposed).toEqual(['b']);
    expect(cache.size).toBe(2);
  });

  it('forgets a failed load so that the next request tries again', async () => {
    const cache = new ModelCache<ReturnType<typeof model>>(2);
    await expect(cache.get('a', async () => Promise.reject(new Error('corrupt')))).rejects.toThrow(
      'corrupt',
    );
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get('a', async () => model('a', []))).name).toBe('a');
  });
});
