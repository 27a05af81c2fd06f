/**
 * The order in which one judge sees a study's items, and which side each side-by-side pair shows
 * the machine's answer on: a pure function of (study, judge, item), so a judge who reloads sees
 * the same sequence, two judges see different ones, and items added later slot in without moving
 * the others.
 */

/** FNV-1a (32 bits) of the UTF-16 code units, then MurmurHash3's fmix32 finalizer to spread it. */
export function hashKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The item ids in the order this judge sees them: sorted by the hash of `study:judge:item` (ties,
 * which need a 32-bit collision, by id). Deterministic per (study, judge).
 */
export function judgeItemOrder(
  studyId: string,
  judgeId: string,
  itemIds: readonly string[],
): string[] {
  const keyed = itemIds.map((id) => ({ id, h: hashKey(`${studyId}:${judgeId}:${id}`) }));
  keyed.sort((a, b) => a.h - b.h || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.id);
}

/** Whether this judge sees the machine's answer of this side-by-side item on the left. */
export function machineOnLeft(studyId: string, judgeId: string, itemId: string): boolean {
  return (hashKey(`side:${studyId}:${judgeId}:${itemId}`) & 1) === 1;
}
