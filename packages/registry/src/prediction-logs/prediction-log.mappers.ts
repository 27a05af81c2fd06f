import type { PredictionLog as PredictionLogRow } from '../generated/prisma/client.js';
import type { PredictionLogEntry } from './prediction-log.types.js';

export function toPredictionLogEntry(row: PredictionLogRow): PredictionLogEntry {
  return {
    id: row.id.toString(),
    requestId: row.requestId,
    role: row.role,
    version: row.version,
    shadowTestId: row.shadowTestId,
    at: row.at.toISOString(),
    inputSha256: row.inputSha256,
    inputs: row.inputs ?? null,
    output: (row.output ?? null) as Record<string, unknown> | null,
    outcome: row.outcome,
    latencyMs: row.latencyMs,
    error: row.error,
  };
}
