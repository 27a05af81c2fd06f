import { z } from 'zod';
import type { Check, Same } from '../common.js';

// Domain types of a run's metric points and the response schema of a logged point, checked equal
// at compile time.

/** A metric value to log. */
export interface MetricPointInput {
  key: string;
  value: number;
  /** @default 0 */
  step?: number;
  /** @default now */
  timestamp?: string | Date;
}

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  timestamp: string;
}

/** A logged metric value (the input, `ZMetricPointSchema`, has optional step and timestamp). */
export const ZLoggedMetricPointSchema = z
  .object({ key: z.string(), step: z.number().int(), value: z.number(), timestamp: z.string() })
  .meta({ id: 'MetricPoint' });

type _ShapeChecks = [Check<Same<z.output<typeof ZLoggedMetricPointSchema>, MetricPoint>>];
