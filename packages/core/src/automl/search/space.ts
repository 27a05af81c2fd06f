import type { HyperparameterDomain, Hyperparameters } from '../learners/types.js';

/**
 * A learner's space as the unit cube, as FLAML's FLOW2 searches it: each hyperparameter is one
 * coordinate in [0, 1] (log scale where the domain says so; a choice's values evenly spaced).
 */
export interface UnitSpace {
  readonly names: readonly string[];
  toUnit(config: Hyperparameters): Float64Array;
  fromUnit(point: Float64Array): Hyperparameters;
  /** The smallest move that changes some value (integers, choices): the step's lower bound. */
  readonly resolution: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

function toUnit(domain: HyperparameterDomain, value: number | string | boolean): number {
  if (domain.kind === 'choice') {
    const k = domain.values.indexOf(value);
    return domain.values.length === 1 ? 0 : Math.max(0, k) / (domain.values.length - 1);
  }
  const v = value as number;
  if (domain.log) return clamp01(Math.log(v / domain.low) / Math.log(domain.high / domain.low));
  return domain.high === domain.low ? 0 : clamp01((v - domain.low) / (domain.high - domain.low));
}

function fromUnit(domain: HyperparameterDomain, u: number): number | string | boolean {
  const t = clamp01(u);
  if (domain.kind === 'choice') {
    return domain.values[Math.round(t * (domain.values.length - 1))] as string | number | boolean;
  }
  let v = domain.log
    ? domain.low * (domain.high / domain.low) ** t
    : domain.low + t * (domain.high - domain.low);
  if (domain.kind === 'int') v = Math.round(v);
  return Math.min(domain.high, Math.max(domain.low, v));
}

export function unitSpace(space: Readonly<Record<string, HyperparameterDomain>>): UnitSpace {
  const names = Object.keys(space).sort();
  let resolution = 0.01;
  for (const name of names) {
    const d = space[name] as HyperparameterDomain;
    if (d.kind === 'choice' && d.values.length > 1)
      resolution = Math.min(resolution, 0.5 / (d.values.length - 1));
    if (d.kind === 'int') {
      const span = d.log ? Math.log(d.high / d.low) / Math.log(1 + 1 / d.low) : d.high - d.low;
      if (span > 0) resolution = Math.min(resolution, 0.5 / span);
    }
  }
  return {
    names,
    resolution,
    toUnit: (config) =>
      Float64Array.from(names, (n) => toUnit(space[n] as HyperparameterDomain, config[n] as never)),
    fromUnit: (point) =>
      Object.fromEntries(
        names.map((n, k) => [n, fromUnit(space[n] as HyperparameterDomain, point[k] as number)]),
      ),
  };
}

/** The low-cost starting point: every domain's `init`. */
export const initialConfig = (
  space: Readonly<Record<string, HyperparameterDomain>>,
): Hyperparameters => Object.fromEntries(Object.entries(space).map(([n, d]) => [n, d.init]));
