import { z } from 'zod';
import { ks2Sample, ZKsResultSchema } from '../../stats/ks2Sample.js';
import { defineMetric } from '../defineMetric.js';

export const ks2SampleMetric = defineMetric({
  name: 'ks2Sample',
  family: 'bias',
  description:
    'Two-sample Kolmogorov–Smirnov test between e.g. training and production data (SciPy ks_2samp: exact p-values, asymptotic above 10000 observations).',
  input: z.strictObject({
    a: z.array(z.number()).meta({ description: 'First sample (e.g. training data).' }),
    b: z.array(z.number()).meta({ description: 'Second sample (e.g. production data).' }),
  }),
  params: z.strictObject({
    alternative: z.enum(['two-sided', 'less', 'greater']).default('two-sided'),
    method: z
      .enum(['auto', 'exact', 'asymp'])
      .default('auto')
      .meta({ description: 'auto: exact when max(n) ≤ 10000.' }),
  }),
  result: ZKsResultSchema,
  compute: (input, params) => ks2Sample(input.a, input.b, params),
});
