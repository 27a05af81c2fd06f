import { z } from 'zod';
import { chiSquareGoodnessOfFit } from '../../stats/chiSquareGoodnessOfFit.js';
import { ZChiSquareResultSchema } from '../../stats/chiSquareSrm.js';
import { defineMetric } from '../defineMetric.js';

export const chiSquareGoodnessOfFitMetric = defineMetric({
  name: 'chiSquareGoodnessOfFit',
  family: 'bias',
  description:
    "Chi-square goodness of fit of a sample's category counts against population proportions (selection bias).",
  input: z.strictObject({
    observedCounts: z.array(z.number()).meta({ description: 'Count per category in the sample.' }),
    populationProportions: z
      .array(z.number())
      .meta({ description: 'Share of each category in the population (sum 1).' }),
  }),
  params: z.strictObject({}),
  result: ZChiSquareResultSchema,
  compute: (input) => chiSquareGoodnessOfFit(input.observedCounts, input.populationProportions),
});
