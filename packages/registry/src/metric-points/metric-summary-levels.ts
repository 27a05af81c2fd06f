/**
 * Levels of a metric's envelope (`metric_summaries`): level `l` groups steps in buckets of 4^l
 * (`step >> 2l`), from 16 steps (2) to 2^52 (26: every safe-integer step in one or two buckets).
 * The migration that created the table backfills the same levels.
 */
export const MIN_SUMMARY_LEVEL = 2;
export const MAX_SUMMARY_LEVEL = 26;
/** Logging aggregates levels up to this one from the finest, the coarser ones from this one. */
export const MID_SUMMARY_LEVEL = 5;
