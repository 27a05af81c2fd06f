import { z } from 'zod';

/** One class label: a number or a string. */
export const ZLabelSchema = z.union([z.number(), z.string()], {
  error: 'expected a number or a string',
});

/**
 * An array of class labels: all numbers or all strings, never mixed (scikit-learn rejects a mix of
 * types too). Emptiness and lengths are checked by the metric, which knows the names involved.
 */
export const ZLabelsSchema = z
  .union([z.array(z.number()), z.array(z.string())], {
    error: 'expected an array of numbers or strings (all of one type)',
  })
  .meta({ description: 'Class labels: all numbers or all strings.' });
