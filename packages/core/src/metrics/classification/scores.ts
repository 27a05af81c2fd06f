import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';

/** Binary scores: one number per sample (higher = more likely the positive class). */
export const ZBinaryScoresSchema = z
  .array(z.number())
  .meta({ description: 'One score or probability per sample, for the positive class.' });

/** Scores as a vector (binary) or a matrix with one column per class (multiclass). */
export const ZScoresSchema = z
  .union([z.array(z.number()), z.array(z.array(z.number()))], {
    error:
      'expected an array of numbers (binary) or an array of rows of numbers (one column per class)',
  })
  .meta({
    description:
      'Binary: one score per sample; multiclass: one row per sample, one column per class (sorted labels).',
  });

/** True when the scores are a matrix (rows), false for a vector. Empty counts as a vector. */
export function isScoreMatrix(
  scores: readonly number[] | readonly (readonly number[])[],
): scores is readonly (readonly number[])[] {
  return scores.length > 0 && Array.isArray(scores[0]);
}

/** Checks that every row of a score matrix has `columns` entries. */
export function assertScoreColumns(
  name: string,
  rows: readonly (readonly number[])[],
  columns: number,
  what: string,
): void {
  rows.forEach((row, i) => {
    if (row.length !== columns) {
      const message = `${name}[${i}] has ${row.length} columns but ${what} ${columns}`;
      throw new InvalidInputError(message, [{ path: [name, i], message }]);
    }
  });
}
